/**
 * The pipeline that runs one batch for a slot through the ports: claim the slot, fetch and validate
 * record by record, apply the optional quality gate, write users, rejections and the outcome as one
 * unit, and report. {@link io.github.randomuseretl.core.pipeline.EtlPipeline#builder()} is the entry
 * point for applications that embed the core.
 */
package io.github.randomuseretl.core.pipeline;

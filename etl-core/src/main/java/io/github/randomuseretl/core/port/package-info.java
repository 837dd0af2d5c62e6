/**
 * The ports the pipeline drives: a {@link io.github.randomuseretl.core.port.UserSource} that fetches
 * the raw records of one batch, a {@link io.github.randomuseretl.core.port.UserValidator} that turns
 * each record into an accepted user or a rejection, and a {@link io.github.randomuseretl.core.port.UserSink}
 * that claims a slot and hands back the run's {@link io.github.randomuseretl.core.port.RunLoad}, which
 * takes users and rejections as they arrive and writes them with the outcome as one unit. Adapters
 * implement them; the core knows nothing of HTTP, JSON or SQL.
 */
package io.github.randomuseretl.core.port;

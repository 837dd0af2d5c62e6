/**
 * Deliberate violations of the architecture rules, compiled only in etl-core's tests so that
 * {@code ArchitectureRulesTest} can show every rule failing when it is broken.
 */
package io.github.randomuseretl.core.archviolation;

/**
 * The picocli commands and what they print: each reads the settings once (environment, then flags),
 * builds the Guice wiring and does one thing, ending with an exit code scripts can rely on.
 */
package io.github.randomuseretl.runner.scheduler.cli;

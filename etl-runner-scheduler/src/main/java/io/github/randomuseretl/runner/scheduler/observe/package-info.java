/**
 * Watching runs: a run listener that feeds Micrometer meters, one that writes the one summary line
 * per run, and the readiness check (database reachable, last success recent enough) behind
 * {@code /health/ready}.
 */
package io.github.randomuseretl.runner.scheduler.observe;

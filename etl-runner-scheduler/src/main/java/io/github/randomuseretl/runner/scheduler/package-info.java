/**
 * The scheduler runner's entry point, {@code java -jar randomuser-etl.jar}: the command line, a run
 * every minute with health and metrics, and the operator's commands (migrate, run, backfill, runs,
 * quarantine, prune, config).
 */
package io.github.randomuseretl.runner.scheduler;

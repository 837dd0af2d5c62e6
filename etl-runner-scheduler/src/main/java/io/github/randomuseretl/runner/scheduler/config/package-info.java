/**
 * The scheduler's own settings ({@code ETL_HTTP_PORT}, {@code ETL_HTTP_BIND}, {@code ETL_READY_MAX_AGE},
 * {@code ETL_SHUTDOWN_GRACE}), described once in {@code RunnerSettings}. The core and the adapters
 * describe and parse their own (the schedule {@code serve} ticks on is the core's {@code ETL_SCHEDULE});
 * the wiring's {@code KnownSettings} gathers them all, since it alone may name adapter types.
 */
package io.github.randomuseretl.runner.scheduler.config;

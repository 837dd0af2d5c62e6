/**
 * The scheduler's own settings ({@code ETL_SCHEDULE}, {@code ETL_HTTP_PORT}, {@code ETL_LOG_FORMAT},
 * {@code ETL_READY_MAX_AGE}, {@code ETL_SHUTDOWN_GRACE}, ...), the schedules {@code serve} ticks on
 * (an interval aligned to its boundary, or a five-field UTC cron expression), and the masking that
 * keeps secrets out of everything printed. The core and the adapters parse their own settings.
 */
package io.github.randomuseretl.runner.scheduler.config;

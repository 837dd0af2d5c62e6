package io.github.randomuseretl.runner.scheduler.config;

import io.github.randomuseretl.core.config.Settings;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The scheduler's own settings; the core and the adapters read theirs themselves (the schedule
 * {@code serve} ticks on is the core's {@code ETL_SCHEDULE}, which catch-up plans from too).
 *
 * @param httpPort      health and metrics port, 0 for none ({@code ETL_HTTP_PORT}, default 8080)
 * @param logFormat     {@code ETL_LOG_FORMAT}: text (default) or json
 * @param logLevel      {@code ETL_LOG_LEVEL}: the level of this program's own loggers (default info)
 * @param readyMaxAge   {@code ETL_READY_MAX_AGE}: {@code /health/ready} fails when the last successful
 *                      run is older (default 5m)
 * @param shutdownGrace {@code ETL_SHUTDOWN_GRACE}: how long a stop waits for the run in flight (default 30s)
 */
public record RunnerSettings(int httpPort, LogFormat logFormat, String logLevel, Duration readyMaxAge, Duration shutdownGrace) {

    /** Checks presence and ranges. */
    public RunnerSettings {
        Objects.requireNonNull(logFormat, "logFormat");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(readyMaxAge, "readyMaxAge");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (httpPort < 0 || httpPort > 65_535) {
            throw new IllegalArgumentException("httpPort must be from 0 to 65535");
        }
    }

    /** How log lines look. */
    public enum LogFormat {
        /** One human-readable line per event. */
        TEXT,
        /** One JSON object per line, for log shippers. */
        JSON
    }

    /**
     * Reads and checks the settings.
     *
     * @param settings the settings
     * @return the runner's settings
     * @throws io.github.randomuseretl.core.config.InvalidSettingException naming a wrong setting
     */
    public static RunnerSettings from(Settings settings) {
        int port = settings.integer("ETL_HTTP_PORT", 8080, 0, 65_535);
        LogFormat format = LogFormat.valueOf(settings.oneOf("ETL_LOG_FORMAT", "text", Set.of("text", "json")).toUpperCase(Locale.ROOT));
        String level = settings.oneOf("ETL_LOG_LEVEL", "info", Set.of("trace", "debug", "info", "warn", "error"));
        Duration readyMaxAge = settings.duration("ETL_READY_MAX_AGE", Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofDays(7));
        Duration grace = settings.duration("ETL_SHUTDOWN_GRACE", Duration.ofSeconds(30), Duration.ZERO, Duration.ofMinutes(10));
        return new RunnerSettings(port, format, level, readyMaxAge, grace);
    }
}

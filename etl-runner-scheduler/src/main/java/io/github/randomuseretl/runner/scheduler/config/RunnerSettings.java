package io.github.randomuseretl.runner.scheduler.config;

import io.github.randomuseretl.core.config.Setting;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.config.Use;
import io.github.randomuseretl.core.schedule.Schedule;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The scheduler's own settings, each described once in {@link #SETTINGS}; the core and the adapters
 * read theirs themselves.
 *
 * @param schedule      when {@code serve} ticks
 * @param httpPort      health and metrics port, 0 for none
 * @param logFormat     how log lines look
 * @param logLevel      the level of this program's own loggers
 * @param readyMaxAge   {@code /health/ready} fails when the last successful run is older
 * @param shutdownGrace how long a stop waits for the run in flight
 */
public record RunnerSettings(Schedule schedule, int httpPort, LogFormat logFormat, String logLevel,
                             Duration readyMaxAge, Duration shutdownGrace) {

    /** How log lines look. */
    public enum LogFormat {
        /** One human-readable line per event. */
        TEXT,
        /** One JSON object per line, for log shippers. */
        JSON
    }

    /** {@code ETL_SCHEDULE}. */
    public static final Setting<Schedule> SCHEDULE = Setting.named("ETL_SCHEDULE")
            .means("serve's ticks: every <n>s|m|h aligned to multiples of the interval, or a five-field cron expression in UTC")
            .usedFor(Use.SERVE)
            .parsed(Schedule.EVERY_MINUTE, Schedule.EVERY_MINUTE.toString(), Schedule.EXPECTED, Schedule::parse);

    /** {@code ETL_HTTP_PORT}. */
    public static final Setting<Integer> HTTP_PORT = Setting.named("ETL_HTTP_PORT")
            .means("port of /health/live, /health/ready and /metrics while serving; 0 for none")
            .usedFor(Use.SERVE)
            .integer(8080, 0, 65_535);

    /** {@code ETL_READY_MAX_AGE}. */
    public static final Setting<Duration> READY_MAX_AGE = Setting.named("ETL_READY_MAX_AGE")
            .means("/health/ready fails when the last successful run is older than this")
            .usedFor(Use.SERVE)
            .duration(Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofDays(7));

    /** {@code ETL_SHUTDOWN_GRACE}. */
    public static final Setting<Duration> SHUTDOWN_GRACE = Setting.named("ETL_SHUTDOWN_GRACE")
            .means("on SIGTERM, how long the run in flight may take to finish")
            .usedFor(Use.RUN, Use.SERVE)
            .duration(Duration.ofSeconds(30), Duration.ZERO, Duration.ofMinutes(10));

    /** {@code ETL_LOG_FORMAT}. */
    public static final Setting<LogFormat> LOG_FORMAT = Setting.named("ETL_LOG_FORMAT")
            .means("log lines on stderr: text for people, json (one object per line) for log shippers")
            .usedFor(Use.RUN, Use.INSPECT, Use.MIGRATE, Use.SERVE)
            .oneOf(LogFormat.TEXT);

    /** {@code ETL_LOG_LEVEL}. */
    public static final Setting<String> LOG_LEVEL = Setting.named("ETL_LOG_LEVEL")
            .means("level of this program's own loggers")
            .usedFor(Use.RUN, Use.INSPECT, Use.MIGRATE, Use.SERVE)
            .oneOf("info", Set.of("trace", "debug", "info", "warn", "error"));

    /** Every setting of the scheduler runner, in the order they are documented. */
    public static final List<Setting<?>> SETTINGS = List.of(SCHEDULE, HTTP_PORT, READY_MAX_AGE, SHUTDOWN_GRACE, LOG_FORMAT, LOG_LEVEL);

    /** Checks every value with its setting. */
    public RunnerSettings {
        schedule = SCHEDULE.check(schedule);
        httpPort = HTTP_PORT.check(httpPort);
        logFormat = LOG_FORMAT.check(logFormat);
        logLevel = LOG_LEVEL.check(logLevel);
        readyMaxAge = READY_MAX_AGE.check(readyMaxAge);
        shutdownGrace = SHUTDOWN_GRACE.check(shutdownGrace);
    }

    /**
     * Reads and checks the settings.
     *
     * @param s the settings
     * @return the runner's settings
     * @throws io.github.randomuseretl.core.config.InvalidSettingException naming a wrong setting
     */
    public static RunnerSettings from(Settings s) {
        return new RunnerSettings(SCHEDULE.read(s), HTTP_PORT.read(s), LOG_FORMAT.read(s), LOG_LEVEL.read(s), READY_MAX_AGE.read(s),
                SHUTDOWN_GRACE.read(s));
    }
}

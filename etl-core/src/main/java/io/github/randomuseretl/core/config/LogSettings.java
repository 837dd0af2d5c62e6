package io.github.randomuseretl.core.config;

import java.util.List;
import java.util.Set;

/**
 * The logging settings every runner reads, described once here because two runners that must not
 * depend on each other share them (the core itself only logs through the SLF4J API).
 */
public final class LogSettings {

    /** {@code ETL_LOG_FORMAT}. */
    public static final Setting<String> FORMAT = Setting.named("ETL_LOG_FORMAT")
            .means("log lines (the scheduler writes them to stderr, the Lambda to stdout): text for people, json (one object "
                    + "per line) for log shippers and CloudWatch Logs Insights")
            .usedFor(Use.RUN, Use.INSPECT, Use.MIGRATE, Use.SERVE)
            .oneOf("text", Set.of("text", "json"));

    /** {@code ETL_LOG_LEVEL}. */
    public static final Setting<String> LEVEL = Setting.named("ETL_LOG_LEVEL")
            .means("level of this program's own loggers")
            .usedFor(Use.RUN, Use.INSPECT, Use.MIGRATE, Use.SERVE)
            .oneOf("info", Set.of("trace", "debug", "info", "warn", "error"));

    /** Both, in the order they are documented. */
    public static final List<Setting<?>> SETTINGS = List.of(FORMAT, LEVEL);

    private LogSettings() {
    }
}

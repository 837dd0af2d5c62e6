package io.github.randomuseretl.runner.scheduler.config;

import io.github.randomuseretl.core.config.Settings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The scheduler's own settings; the core and the adapters read theirs themselves (the schedule
 * {@code serve} ticks on is the core's {@code ETL_SCHEDULE}, which catch-up plans from too).
 *
 * @param httpPort      health and metrics port, 0 for none ({@code ETL_HTTP_PORT}, default 8080)
 * @param httpBind      the address that port is bound to ({@code ETL_HTTP_BIND}, default {@code 0.0.0.0}: every
 *                      IPv4 interface, as a container needs for its probes; {@code 127.0.0.1} keeps it to this host)
 * @param logFormat     {@code ETL_LOG_FORMAT}: text (default) or json
 * @param logLevel      {@code ETL_LOG_LEVEL}: the level of this program's own loggers (default info)
 * @param readyMaxAge   {@code ETL_READY_MAX_AGE}: {@code /health/ready} fails when the last successful
 *                      run is older (default 5m)
 * @param shutdownGrace {@code ETL_SHUTDOWN_GRACE}: how long a stop waits for the run in flight (default 30s)
 */
public record RunnerSettings(int httpPort, InetAddress httpBind, LogFormat logFormat, String logLevel, Duration readyMaxAge,
                             Duration shutdownGrace) {

    /** The default of {@code ETL_HTTP_BIND}. */
    public static final String DEFAULT_HTTP_BIND = "0.0.0.0";

    private static final Pattern IPV4 = Pattern.compile("(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** Checks presence and ranges. */
    public RunnerSettings {
        Objects.requireNonNull(httpBind, "httpBind");
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
        InetAddress bind = settings.parsed("ETL_HTTP_BIND",
                "an IP address of this host to bind the health and metrics port to, such as 0.0.0.0 (every IPv4 interface), "
                        + "127.0.0.1 (this host only) or :: (every interface)",
                RunnerSettings::address).orElseGet(() -> address(DEFAULT_HTTP_BIND));
        LogFormat format = LogFormat.valueOf(settings.oneOf("ETL_LOG_FORMAT", "text", Set.of("text", "json")).toUpperCase(Locale.ROOT));
        String level = settings.oneOf("ETL_LOG_LEVEL", "info", Set.of("trace", "debug", "info", "warn", "error"));
        Duration readyMaxAge = settings.duration("ETL_READY_MAX_AGE", Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofDays(7));
        Duration grace = settings.duration("ETL_SHUTDOWN_GRACE", Duration.ofSeconds(30), Duration.ZERO, Duration.ofMinutes(10));
        return new RunnerSettings(port, bind, format, level, readyMaxAge, grace);
    }

    /** An IP literal only: a host name would be looked up in DNS at start-up, and could change meaning. */
    private static InetAddress address(String text) {
        String t = text.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (!IPV4.matcher(t).matches() && !IPV6.matcher(t).matches()) {
            throw new IllegalArgumentException(text);
        }
        try {
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}

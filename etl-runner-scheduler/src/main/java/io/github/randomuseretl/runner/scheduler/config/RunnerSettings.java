package io.github.randomuseretl.runner.scheduler.config;

import io.github.randomuseretl.core.config.LogSettings;
import io.github.randomuseretl.core.config.Setting;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.config.Use;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The scheduler's own settings, each described once in {@link #SETTINGS}; the core and the adapters
 * read theirs themselves (the schedule {@code serve} ticks on is the core's {@code ETL_SCHEDULE}, which
 * catch-up plans from too). The logging settings it carries are the core's {@link LogSettings}, which
 * the Lambda runner reads too.
 *
 * @param httpPort      health and metrics port, 0 for none
 * @param httpBind      the address that port is bound to
 * @param logFormat     {@code text} or {@code json}
 * @param logLevel      the level of this program's own loggers
 * @param readyMaxAge   {@code /health/ready} fails when the last successful run is older
 * @param shutdownGrace how long a stop waits for the run in flight
 */
public record RunnerSettings(int httpPort, InetAddress httpBind, String logFormat, String logLevel, Duration readyMaxAge,
                             Duration shutdownGrace) {

    private static final Pattern IPV4 = Pattern.compile(
            "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** {@code ETL_HTTP_PORT}. */
    public static final Setting<Integer> HTTP_PORT = Setting.named("ETL_HTTP_PORT")
            .means("port of /health/live, /health/ready and /metrics while serving; 0 for none")
            .usedFor(Use.SERVE)
            .integer(8080, 0, 65_535);

    /** {@code ETL_HTTP_BIND}: every IPv4 interface by default, as a container needs for its probes. */
    public static final Setting<InetAddress> HTTP_BIND = Setting.named("ETL_HTTP_BIND")
            .means("address the health and metrics port is bound to: 0.0.0.0 every IPv4 interface (containers), "
                    + "127.0.0.1 this host only, :: every interface")
            .usedFor(Use.SERVE)
            .parsed(address("0.0.0.0"), "0.0.0.0", "an IP address of this host to bind the health and metrics port to, such as "
                    + "0.0.0.0 (every IPv4 interface), 127.0.0.1 (this host only) or :: (every interface)", RunnerSettings::address);

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

    /** Every setting of the scheduler runner, in the order they are documented. */
    public static final List<Setting<?>> SETTINGS = List.of(HTTP_PORT, HTTP_BIND, READY_MAX_AGE, SHUTDOWN_GRACE);

    /** Checks every value with its setting. */
    public RunnerSettings {
        httpPort = HTTP_PORT.check(httpPort);
        Objects.requireNonNull(httpBind, "httpBind");
        logFormat = LogSettings.FORMAT.check(logFormat);
        logLevel = LogSettings.LEVEL.check(logLevel);
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
        return new RunnerSettings(HTTP_PORT.read(s), HTTP_BIND.read(s), LogSettings.FORMAT.read(s),
                LogSettings.LEVEL.read(s), READY_MAX_AGE.read(s), SHUTDOWN_GRACE.read(s));
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

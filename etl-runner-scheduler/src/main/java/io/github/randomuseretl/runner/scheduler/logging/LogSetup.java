package io.github.randomuseretl.runner.scheduler.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import io.github.randomuseretl.runner.scheduler.config.RunnerSettings;
import java.util.Locale;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Points Logback at standard error in the chosen format once the settings are known. Standard output
 * stays for what a command prints (tables, settings), so scripts can read it.
 */
public final class LogSetup {

    private LogSetup() {
    }

    /**
     * @param format text or JSON
     * @param level  the level of this program's own loggers ({@code info}, {@code debug}, ...)
     */
    public static void apply(RunnerSettings.LogFormat format, String level) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext ctx)) {
            return;
        }
        ctx.reset();
        LineEncoder encoder = new LineEncoder();
        encoder.setContext(ctx);
        encoder.setFormat(format.name().toLowerCase(Locale.ROOT));
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(ctx);
        appender.setName("stderr");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
        ctx.getLogger("io.github.randomuseretl").setLevel(Level.toLevel(level, Level.INFO));
        // Pool housekeeping is noise at INFO; its warnings (leaks, failed connections) still show.
        ctx.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
        // Flyway's and the embedded PostgreSQL's progress lines repeat what this program says in one line.
        ctx.getLogger("org.flywaydb").setLevel(Level.WARN);
        ctx.getLogger("io.zonky").setLevel(Level.WARN);
    }

    /** Silences the one-line run summaries while a progress bar shows the same (failures included). */
    public static void quietRunSummaries() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            ctx.getLogger("io.github.randomuseretl.run").setLevel(Level.ERROR);
        }
    }

    /** Flushes and stops logging; called last on the way out. */
    public static void stop() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            ctx.stop();
        }
    }
}

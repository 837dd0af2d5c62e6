package io.github.randomuseretl.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Points Logback at a console stream in the chosen format once the settings are known: standard error
 * for the scheduler (standard output stays for what a command prints, so scripts can read it),
 * standard output for the Lambda function (CloudWatch takes both). Every line passes {@link Redactor}.
 */
public final class LogSetup {

    private LogSetup() {
    }

    /** Where lines go. */
    public enum Target {
        /** Standard output. */
        STDOUT("System.out"),
        /** Standard error. */
        STDERR("System.err");

        private final String name;

        Target(String name) {
            this.name = name;
        }
    }

    /**
     * Logs to standard error.
     *
     * @param format {@code text} or {@code json}
     * @param level  the level of this program's own loggers ({@code info}, {@code debug}, ...)
     */
    public static void apply(String format, String level) {
        apply(format, level, Target.STDERR);
    }

    /**
     * @param format {@code text} or {@code json}
     * @param level  the level of this program's own loggers ({@code info}, {@code debug}, ...)
     * @param target where lines go
     */
    public static void apply(String format, String level, Target target) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext ctx)) {
            return;
        }
        ctx.reset();
        LineEncoder encoder = new LineEncoder();
        encoder.setContext(ctx);
        encoder.setFormat(format);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(ctx);
        appender.setName(target.name().toLowerCase(java.util.Locale.ROOT));
        appender.setTarget(target.name);
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

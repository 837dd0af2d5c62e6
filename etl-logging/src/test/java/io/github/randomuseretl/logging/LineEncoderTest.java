package io.github.randomuseretl.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LineEncoderTest {

    /** Logs through a private Logback context into memory, with the encoder under test. */
    private static final class Capture {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final Logger logger;

        Capture(String format) {
            LoggerContext ctx = new LoggerContext();
            ctx.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
            ctx.start();
            LineEncoder encoder = new LineEncoder();
            encoder.setContext(ctx);
            encoder.setFormat(format);
            encoder.start();
            OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
            appender.setContext(ctx);
            appender.setEncoder(encoder);
            appender.setOutputStream(bytes);
            appender.start();
            logger = ctx.getLogger("io.github.randomuseretl.run");
            logger.addAppender(appender);
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void textLinesCarryLevelLoggerMessageAndKeyValues() {
        Capture c = new Capture("text");
        c.logger.atInfo().addKeyValue("slot", "2026-01-01T00:00Z").addKeyValue("inserted", 50)
                .addKeyValue("error", "source: HTTP 503").log("run succeeded");
        String line = c.text();
        assertTrue(Pattern.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z INFO  \\[[^]]+] run - run succeeded "
                + "slot=2026-01-01T00:00Z inserted=50 error=\"source: HTTP 503\"\n", line), line);
    }

    @Test
    void jsonLinesAreOneFlatObjectWithKeyValuesAsFields() {
        Capture c = new Capture("json");
        c.logger.atWarn().addKeyValue("slot", "2026-01-01T00:00Z").addKeyValue("inserted", 50)
                .log("run \"failed\"\ton two\nlines");
        String line = c.text();
        assertTrue(line.endsWith("}\n") && line.indexOf('\n') == line.length() - 1, line);
        assertTrue(line.startsWith("{\"ts\":\""), line);
        assertTrue(line.contains("\"level\":\"WARN\",\"logger\":\"io.github.randomuseretl.run\""), line);
        assertTrue(line.contains("\"msg\":\"run \\\"failed\\\"\\ton two\\nlines\""), line);
        assertTrue(line.contains(",\"slot\":\"2026-01-01T00:00Z\",\"inserted\":50"), line);
    }

    @Test
    void emailAddressesAndCredentialsNeverReachTheOutputEvenInStackTraces() {
        for (String format : new String[] {"text", "json"}) {
            Capture c = new Capture(format);
            c.logger.atError().setCause(new IllegalStateException("duplicate key anna.mueller@example.com"))
                    .log("connecting to jdbc:postgresql://db/etl?user=etl&password=hunter2 for {}", "bob@example.org");
            String out = c.text();
            assertFalse(out.contains("@example"), out);
            assertFalse(out.contains("hunter2"), out);
            assertTrue(out.contains(Redactor.EMAIL_MASK), out);
            assertTrue(out.contains("password=***"), out);
            assertTrue(out.contains("IllegalStateException"), "the stack trace is kept: " + out);
        }
    }

    @Test
    void redactorLeavesOrdinaryTextAlone() {
        String text = "run succeeded slot=2026-01-01T00:00Z inserted=50 url=https://randomuser.me/api/1.4/?results=100";
        assertEquals(text, Redactor.redact(text));
    }
}

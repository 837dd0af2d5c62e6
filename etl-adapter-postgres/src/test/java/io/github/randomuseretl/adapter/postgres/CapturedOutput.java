package io.github.randomuseretl.adapter.postgres;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Everything logged while it is open: standard error (where slf4j-simple writes, looked up on every
 * line) and java.util.logging at every level (where the PostgreSQL driver logs).
 */
final class CapturedOutput implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final StringBuffer jul = new StringBuffer();
    private final java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    private final java.util.logging.Logger driver = java.util.logging.Logger.getLogger("org.postgresql");
    private final Level driverLevel = driver.getLevel();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            jul.append(r.getLevel()).append(' ').append(new java.util.logging.SimpleFormatter().formatMessage(r)).append('\n');
            if (r.getThrown() != null) {
                jul.append(r.getThrown()).append('\n');
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    CapturedOutput() {
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        handler.setLevel(Level.ALL);
        driver.setLevel(Level.ALL);
        root.addHandler(handler);
    }

    /** @return everything captured so far */
    String text() {
        return bytes.toString(StandardCharsets.UTF_8) + jul;
    }

    @Override
    public void close() {
        System.setErr(original);
        root.removeHandler(handler);
        driver.setLevel(driverLevel);
    }
}

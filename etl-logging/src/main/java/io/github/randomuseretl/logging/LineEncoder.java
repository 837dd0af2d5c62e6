package io.github.randomuseretl.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * Writes each event as one line, text or JSON, and redacts it ({@link Redactor}) whatever logged it.
 *
 * <p>Text: {@code 2026-01-01T00:00:00.123Z INFO  [thread] Logger - message key=value ...}. JSON: one
 * flat object per line with {@code ts}, {@code level}, {@code logger}, {@code thread}, {@code msg},
 * the event's key-value pairs and MDC as fields, and {@code error} holding the stack trace.
 */
public final class LineEncoder extends EncoderBase<ILoggingEvent> {

    private static final byte[] NONE = new byte[0];

    private boolean json;

    /** @param format {@code text} or {@code json}; set by logback.xml or {@link LogSetup} */
    public void setFormat(String format) {
        this.json = "json".equalsIgnoreCase(format);
    }

    @Override
    public byte[] headerBytes() {
        return NONE;
    }

    @Override
    public byte[] footerBytes() {
        return NONE;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        String line = json ? json(event) : text(event);
        return Redactor.redact(line).getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ILoggingEvent e) {
        StringBuilder sb = new StringBuilder(160);
        sb.append(DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(e.getTimeStamp())))
                .append(' ').append(String.format(Locale.ROOT, "%-5s", e.getLevel()))
                .append(" [").append(e.getThreadName()).append("] ")
                .append(shortName(e.getLoggerName())).append(" - ").append(e.getFormattedMessage());
        List<KeyValuePair> kvps = e.getKeyValuePairs();
        if (kvps != null) {
            for (KeyValuePair kv : kvps) {
                sb.append(' ').append(kv.key).append('=').append(textValue(kv.value));
            }
        }
        sb.append('\n');
        IThrowableProxy t = e.getThrowableProxy();
        if (t != null) {
            sb.append(ThrowableProxyUtil.asString(t)).append('\n');
        }
        return sb.toString();
    }

    private static String json(ILoggingEvent e) {
        StringBuilder sb = new StringBuilder(256).append('{');
        field(sb, "ts", DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(e.getTimeStamp())));
        sb.append(',');
        field(sb, "level", e.getLevel().toString());
        sb.append(',');
        field(sb, "logger", e.getLoggerName());
        sb.append(',');
        field(sb, "thread", e.getThreadName());
        sb.append(',');
        field(sb, "msg", e.getFormattedMessage());
        List<KeyValuePair> kvps = e.getKeyValuePairs();
        if (kvps != null) {
            for (KeyValuePair kv : kvps) {
                sb.append(',');
                if (kv.value instanceof Number || kv.value instanceof Boolean) {
                    quote(sb, kv.key);
                    sb.append(':').append(kv.value);
                } else {
                    field(sb, kv.key, kv.value == null ? null : String.valueOf(kv.value));
                }
            }
        }
        Map<String, String> mdc = e.getMDCPropertyMap();
        if (mdc != null) {
            mdc.forEach((k, v) -> {
                sb.append(',');
                field(sb, k, v);
            });
        }
        IThrowableProxy t = e.getThrowableProxy();
        if (t != null) {
            sb.append(',');
            field(sb, "error", ThrowableProxyUtil.asString(t));
        }
        return sb.append("}\n").toString();
    }

    private static String shortName(String logger) {
        int dot = logger.lastIndexOf('.');
        return dot < 0 ? logger : logger.substring(dot + 1);
    }

    private static String textValue(Object value) {
        String v = String.valueOf(value);
        if (v.isEmpty() || v.chars().anyMatch(c -> c == ' ' || c == '"' || c == '=' || c < 0x20)) {
            StringBuilder sb = new StringBuilder(v.length() + 2);
            quote(sb, v);
            return sb.toString();
        }
        return v;
    }

    private static void field(StringBuilder sb, String key, String value) {
        quote(sb, key);
        sb.append(':');
        if (value == null) {
            sb.append("null");
        } else {
            quote(sb, value);
        }
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}

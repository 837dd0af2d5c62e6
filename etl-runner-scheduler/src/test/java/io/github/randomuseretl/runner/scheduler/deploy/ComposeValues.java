package io.github.randomuseretl.runner.scheduler.deploy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Docker Compose's interpolation of {@code ${VAR}}, {@code ${VAR:-default}} and {@code $$}, and its durations. */
final class ComposeValues {

    /** {@code $$}, {@code ${NAME...}} or {@code $NAME}. */
    private static final Pattern REFERENCE = Pattern.compile("\\$(?:(\\$)|\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?}|([A-Za-z_][A-Za-z0-9_]*))");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|h|m|s)");

    private ComposeValues() {
    }

    /**
     * @param text   a value from docker-compose.yml
     * @param dotEnv the variables set (a .env file); everything else is unset
     * @return the value compose hands the container
     */
    static String interpolate(String text, Map<String, String> dotEnv) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group(1) != null) {
                replacement = "$";
            } else {
                String name = m.group(2) != null ? m.group(2) : m.group(5);
                String value = dotEnv.get(name);
                String operator = m.group(3);
                if (operator == null) {
                    replacement = value == null ? "" : value;
                } else if (operator.equals(":-")) {
                    replacement = value == null || value.isEmpty() ? m.group(4) : value;
                } else if (operator.equals("-")) {
                    replacement = value == null ? m.group(4) : value;
                } else {
                    throw new IllegalArgumentException("interpolation " + m.group() + " is not supported by this test; teach it");
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * @param text   the text
     * @return the names of the variables it references, with their {@code :-} defaults (null when none)
     */
    static Map<String, String> references(String text) {
        Map<String, String> names = new LinkedHashMap<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            if (m.group(1) == null) {
                names.put(m.group(2) != null ? m.group(2) : m.group(5), m.group(4));
            }
        }
        return names;
    }

    /**
     * @param text a compose duration such as {@code 40s} or {@code 1m30s}
     * @return the duration
     */
    static Duration duration(String text) {
        Matcher m = DURATION_PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                break;
            }
            double amount = Double.parseDouble(m.group(1));
            long nanos = switch (m.group(2)) {
                case "h" -> (long) (amount * 3_600e9);
                case "m" -> (long) (amount * 60e9);
                case "s" -> (long) (amount * 1e9);
                case "ms" -> (long) (amount * 1e6);
                default -> (long) (amount * 1e3);
            };
            total = total.plusNanos(nanos);
            end = m.end();
        }
        if (end == 0 || end != text.length()) {
            throw new IllegalArgumentException("not a compose duration: " + text);
        }
        return total;
    }
}

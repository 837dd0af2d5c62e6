package io.github.randomuseretl.runner.scheduler.deploy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Grafana does to a PostgreSQL panel's raw SQL before the database sees it: dashboard variables
 * first (the frontend), then the data source's {@code $__} macros (the backend, {@code
 * pkg/tsdb/grafana-postgresql-datasource/macros.go}), here for a fixed time range. Anything it does not
 * know is an error rather than passed through, so a new macro or variable cannot reach a test unchecked.
 */
final class GrafanaMacros {

    /** {@code $var}, {@code ${var}}, {@code ${var:format}}, {@code [[var]]}, {@code [[var:format]]}, as Grafana's template service matches them. */
    private static final Pattern VARIABLE = Pattern.compile("\\$(\\w+)|\\[\\[(\\w+?)(?::(\\w+))?]]|\\$\\{(\\w+)(?::([^}]+))?}");
    /** Grafana's macro expression: {@code $name(args)}. */
    private static final Pattern MACRO = Pattern.compile("\\$([_a-zA-Z0-9]+)\\(([^)]*)\\)");
    /** Whatever still looks like a variable or macro after expansion. */
    private static final Pattern LEFT_OVER = Pattern.compile("\\$\\w+|\\$\\{|\\[\\[");
    private static final Pattern INTERVAL = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");

    private final Map<String, String> variables;
    private final Instant from;
    private final Instant to;

    /**
     * @param variables the dashboard's variables and their values for the test
     * @param from      the time range's start
     * @param to        its end
     */
    GrafanaMacros(Map<String, String> variables, Instant from, Instant to) {
        this.variables = Map.copyOf(variables);
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
    }

    /**
     * @param sql a panel target's raw SQL
     * @return the SQL PostgreSQL receives
     * @throws IllegalArgumentException naming a macro or variable this class does not expand
     */
    String expand(String sql) {
        String withVariables = replace(VARIABLE, sql, m -> {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(4);
            String format = m.group(3) != null ? m.group(3) : m.group(5);
            if (name.startsWith("__")) {
                return m.group(); // a macro (or a global variable, refused below)
            }
            String value = variables.get(name);
            if (value == null) {
                throw new IllegalArgumentException("dashboard variable " + m.group() + " has no value in this test");
            }
            if (format != null && !format.equals("raw")) {
                throw new IllegalArgumentException("variable format " + m.group() + " is not expanded by this test");
            }
            return value;
        });
        String expanded = replace(MACRO, withVariables, m -> {
            String name = m.group(1);
            List<String> args = new ArrayList<>();
            for (String arg : m.group(2).split(",", -1)) {
                args.add(arg.strip());
            }
            // Grafana: $__timeGroup directly followed by ',' is used the pre-5.3 way and gets AS "time".
            if (name.equals("__timeGroup") && m.end() < withVariables.length() && withVariables.charAt(m.end()) == ',') {
                name = "__timeGroupAlias";
            }
            return macro(name, args, m.group());
        });
        Matcher left = LEFT_OVER.matcher(expanded);
        if (left.find()) {
            throw new IllegalArgumentException(left.group() + " is left unexpanded: a macro or variable this test does not know");
        }
        return expanded;
    }

    private String macro(String name, List<String> args, String whole) {
        String column = args.get(0);
        switch (name) {
            case "__time":
                return need(column, whole) + " AS \"time\"";
            case "__timeEpoch":
                return "extract(epoch from " + need(column, whole) + ") as \"time\"";
            case "__timeFilter":
                return need(column, whole) + " BETWEEN " + quoted(from) + " AND " + quoted(to);
            case "__timeFrom":
                return quoted(from);
            case "__timeTo":
                return quoted(to);
            case "__timeGroup":
                return timeGroup(args, whole);
            case "__timeGroupAlias":
                return timeGroup(args, whole) + " AS \"time\"";
            case "__unixEpochFilter":
                return need(column, whole) + " >= " + from.getEpochSecond() + " AND " + column + " <= " + to.getEpochSecond();
            default:
                throw new IllegalArgumentException("macro " + whole + " is not expanded by this test");
        }
    }

    private static String timeGroup(List<String> args, String whole) {
        if (args.size() != 2) {
            // A third argument sets a fill mode, which Grafana applies to the result, not the SQL.
            throw new IllegalArgumentException(whole + ": this test expands $__timeGroup(column, 'interval') only");
        }
        String seconds = seconds(args.get(1), whole);
        return "floor(extract(epoch from " + need(args.get(0), whole) + ")/" + seconds + ")*" + seconds;
    }

    /** Go's {@code %v} of the interval in seconds as a float: {@code 60}, {@code 0.5}. */
    private static String seconds(String quotedInterval, String whole) {
        Matcher m = INTERVAL.matcher(quotedInterval.replace("'", "").strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(whole + ": interval " + quotedInterval + " is not read by this test");
        }
        long amount = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofDays(7 * amount);
        };
        return new BigDecimal(d.toNanos()).movePointLeft(9).stripTrailingZeros().toPlainString();
    }

    private static String need(String column, String whole) {
        if (column.isEmpty()) {
            throw new IllegalArgumentException(whole + ": missing time column argument");
        }
        return column;
    }

    /** Go's RFC3339Nano in UTC, quoted. */
    private static String quoted(Instant instant) {
        return "'" + DateTimeFormatter.ISO_INSTANT.format(instant) + "'";
    }

    private static String replace(Pattern pattern, String text, Function<Matcher, String> replacement) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(m)));
        }
        m.appendTail(out);
        return out.toString();
    }
}

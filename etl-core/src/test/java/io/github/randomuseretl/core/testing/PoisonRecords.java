package io.github.randomuseretl.core.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Poison made from real records: mutations of recorded randomuser.me records that an attacker or a
 * broken API could send, for the property-based tests. Every mutation keeps the record's brackets and
 * quotes balanced, so a page holding it keeps its structure and only the record itself is bad.
 *
 * <p>Mutations: a field's value replaced by another type, a huge or tiny or long number, a long string,
 * a Unicode edge case (lone surrogates, NUL, noncharacters, pairs), a bare word that is not JSON, deep
 * nesting; a key given twice; a field removed; an extra field; several at once.
 */
public final class PoisonRecords {

    private static final Pattern KEY = Pattern.compile("\"([A-Za-z0-9_]+)\":");

    /** Values a field may get instead of its own. */
    static final List<String> VALUES = List.of(
            // numbers, huge and tiny, long, exact
            "1e-999999999", "1e999999999", "-7E+99999999999999999999", "1e-20000", "0.5e1002", "1" + "0".repeat(150),
            "12345678901234567890", "-0.0", "0e-999999999", "3.14159265358979323846264338327950288419716939937510", "90.0000001",
            // strings: empty, blank, long (past the contract's limits, past the per-record cap), escapes
            "\"\"", "\"   \"", "\"" + "a".repeat(201) + "\"", "\"" + "é".repeat(5_000) + "\"", "\"" + "x".repeat(70_000) + "\"",
            "\"\\\"\\\\/\\b\\f\\n\\r\\t\"",
            // Unicode edge cases
            "\"\\ud800\"", "\"x\\udc00\"", "\"\\udbff\\udfff\"", "\"\\ud83d\\ude00\"", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\uffff\\ufffe\"",
            "\"\u00e9\u4e2d\ud83d\ude00\"", "\"\\u200b\\u202e\"",
            // literals, structures, nesting
            "true", "false", "null", "{}", "[]", "[1,[2,[3]]]", "{\"a\":{\"b\":{\"c\":{}}}}",
            "[".repeat(40) + "]".repeat(40), "[".repeat(300) + "]".repeat(300), "{\"d\":".repeat(50) + "1" + "}".repeat(50),
            // bare words that are not JSON
            "tru", "nul", "NaN", "Infinity", "0x10", "01", "1.", ".5", "+1", "hunter2");

    private PoisonRecords() {
    }

    /**
     * @param relative a recorded response, e.g. {@code v1.4/seed-fixture-results-500-page-1.json}
     * @return its records, as the compact JSON texts they were recorded as
     */
    public static List<String> records(String relative) {
        return FakeRandomUserApi.splitResults(new String(Fixtures.randomUserBytes(relative), StandardCharsets.UTF_8));
    }

    /**
     * Applies {@code count} mutations chosen by {@code seed} to a record.
     *
     * @param record a record's JSON text
     * @param seed   chooses the mutations
     * @param count  how many, 1 or more
     * @return the poisoned record, brackets and quotes still balanced
     */
    public static String mutate(String record, long seed, int count) {
        Random r = new Random(seed);
        String text = record;
        for (int i = 0; i < count; i++) {
            text = mutateOnce(text, r);
        }
        return text;
    }

    private static String mutateOnce(String text, Random r) {
        List<int[]> fields = fields(text);
        if (fields.isEmpty()) {
            return text;
        }
        int[] f = fields.get(r.nextInt(fields.size()));
        int keyStart = f[0];
        int valueStart = f[1];
        int valueEnd = f[2];
        switch (r.nextInt(6)) {
            case 0:
            case 1: // another value, of any kind
                return text.substring(0, valueStart) + VALUES.get(r.nextInt(VALUES.size())) + text.substring(valueEnd);
            case 2: // the key given twice, the second time with another value
                return text.substring(0, valueEnd) + "," + text.substring(keyStart, valueStart)
                        + VALUES.get(r.nextInt(VALUES.size())) + text.substring(valueEnd);
            case 3: { // the field removed, with its comma
                int from = keyStart;
                int to = valueEnd;
                if (to < text.length() && text.charAt(to) == ',') {
                    to++;
                } else if (from > 0 && text.charAt(from - 1) == ',') {
                    from--;
                }
                return text.substring(0, from) + text.substring(to);
            }
            case 4: // an extra field next to it
                return text.substring(0, keyStart) + "\"extra" + r.nextInt(3) + "\":" + VALUES.get(r.nextInt(VALUES.size())) + ","
                        + text.substring(keyStart);
            default: // the same value, nested
                int depth = 1 + r.nextInt(60);
                return text.substring(0, valueStart) + "[".repeat(depth) + text.substring(valueStart, valueEnd) + "]".repeat(depth)
                        + text.substring(valueEnd);
        }
    }

    /** Each field of the text at any depth: {key start, value start, value end}. */
    private static List<int[]> fields(String text) {
        List<int[]> out = new ArrayList<>();
        Matcher m = KEY.matcher(text);
        int from = 0;
        while (m.find(from)) {
            if (!outsideStrings(text, m.start())) {
                from = m.start() + 1;
                continue;
            }
            int valueStart = m.end();
            int valueEnd = valueEnd(text, valueStart);
            if (valueEnd > valueStart) {
                out.add(new int[] {m.start(), valueStart, valueEnd});
            }
            from = m.end();
        }
        return out;
    }

    private static boolean outsideStrings(String text, int at) {
        boolean in = false;
        for (int i = 0; i < at; i++) {
            char c = text.charAt(i);
            if (in && c == '\\') {
                i++;
            } else if (c == '"') {
                in = !in;
            }
        }
        return !in;
    }

    /** @return where the JSON value starting at {@code start} ends (exclusive) */
    private static int valueEnd(String text, int start) {
        int depth = 0;
        boolean in = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (in) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    in = false;
                    if (depth == 0) {
                        return i + 1;
                    }
                }
                continue;
            }
            if (c == '"') {
                in = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    return i;
                }
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        return text.length();
    }
}

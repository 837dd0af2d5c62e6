package io.github.randomuseretl.adapter.randomuser;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A pre-check specialised from a contract's own JSON Schema document that answers one question
 * quickly: is this record <em>surely</em> valid? It never rejects: a record it is not sure of, for any
 * reason, goes to the networknt validator, which stays the contract's authority and gives every
 * verdict that has reasons. So the fast path can only ever skip networknt for a record networknt
 * would accept with no reason, and the verdicts and reasons are networknt's for every record; the
 * differential test ({@code SurelyValidDifferentialTest}) holds it to that over every fixture record
 * and systematic mutations.
 *
 * <p>It reads the schema's keywords and understands a subset (type, required, properties, enum,
 * const, pattern, maxLength, minimum, maximum, format, local {@code $ref}, if/then/else, and the
 * annotations). A schema with any other keyword gets no pre-check ({@link #of} returns {@code null}).
 * Where it could disagree with networknt it says "not sure": a {@code 1.0} for an integer, a length
 * counted differently for characters outside the BMP, non-ASCII white space under a pattern, a
 * number out of a range, and formats outside strict subsets (e-mail at {@code example.com} as
 * randomuser.me sends it, lower-case UUIDs, UTC date-times), all of which networknt then judges.
 * Immutable; thread-safe.
 */
final class SurelyValid {

    /** What the pre-check can say of a value against a (sub)schema. */
    private enum Verdict {
        /** networknt would find nothing. */
        YES,
        /** networknt would find something (used only inside {@code if}, where it picks {@code else}). */
        NO,
        /** Not sure: networknt decides. */
        UNSURE
    }

    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "title", "description", "$comment", "$defs", "message");
    private static final Set<String> UNDERSTOOD = Set.of("type", "required", "properties", "enum", "const", "pattern", "maxLength",
            "minimum", "maximum", "format", "$ref", "if", "then", "else");

    /** One compiled (sub)schema: its keywords, each a check of a value. */
    @FunctionalInterface
    private interface Check {
        Verdict of(JsonNode v);
    }

    private final Check root;

    private SurelyValid(Check root) {
        this.root = root;
    }

    /**
     * @param schema the contract's JSON Schema document
     * @return its pre-check, or {@code null} if the schema uses a keyword the pre-check does not understand
     */
    static SurelyValid of(JsonNode schema) {
        Map<String, Pattern> patterns = new HashMap<>();
        if (!understood(schema, patterns, true)) {
            return null;
        }
        Map<String, Check> defs = new HashMap<>();
        Compiler compiler = new Compiler(schema, patterns, defs);
        return new SurelyValid(compiler.compile(schema));
    }

    /**
     * @param record a record's tree
     * @return true only if networknt would find nothing wrong with it against the schema
     */
    boolean test(JsonNode record) {
        return root.of(record) == Verdict.YES;
    }

    private static boolean understood(JsonNode schema, Map<String, Pattern> patterns, boolean top) {
        if (!schema.isObject()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> e : schema.properties()) {
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (k.equals("$defs") && top) {
                for (Map.Entry<String, JsonNode> d : v.properties()) {
                    if (!understood(d.getValue(), patterns, false)) {
                        return false;
                    }
                }
            } else if (k.equals("$defs") || k.equals("$schema") || k.equals("$id")) {
                if (!top) {
                    return false; // a nested resource would change what $ref means
                }
            } else if (ANNOTATIONS.contains(k)) {
                continue;
            } else if (!UNDERSTOOD.contains(k)) {
                return false;
            } else if (k.equals("properties")) {
                for (Map.Entry<String, JsonNode> p : v.properties()) {
                    if (!understood(p.getValue(), patterns, false)) {
                        return false;
                    }
                }
            } else if (k.equals("if") || k.equals("then") || k.equals("else")) {
                if (!understood(v, patterns, false)) {
                    return false;
                }
            } else if (k.equals("$ref")) {
                if (!v.isString() || !v.stringValue().startsWith("#/$defs/")) {
                    return false;
                }
            } else if (k.equals("pattern")) {
                if (!v.isString()) {
                    return false;
                }
                patterns.put(v.stringValue(), Pattern.compile(v.stringValue()));
            } else if ((k.equals("minimum") || k.equals("maximum")) && !v.isNumber()) {
                return false;
            } else if (k.equals("maxLength") && !v.canConvertToInt()) {
                return false;
            } else if ((k.equals("type") || k.equals("required") || k.equals("enum")) && !(v.isString() || v.isArray())) {
                return false;
            } else if (k.equals("format") && !v.isString()) {
                return false;
            }
        }
        return true;
    }

    /** Turns a schema object into checks once, so judging a record walks no schema text. */
    private static final class Compiler {
        private final JsonNode document;
        private final Map<String, Pattern> patterns;
        private final Map<String, Check> defs;

        Compiler(JsonNode document, Map<String, Pattern> patterns, Map<String, Check> defs) {
            this.document = document;
            this.patterns = patterns;
            this.defs = defs;
        }

        Check compile(JsonNode schema) {
            List<Check> checks = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : schema.properties()) {
                Check c = keyword(e.getKey(), e.getValue(), schema);
                if (c != null) {
                    checks.add(c);
                }
            }
            Check[] all = checks.toArray(new Check[0]);
            return v -> {
                Verdict result = Verdict.YES;
                for (Check c : all) {
                    Verdict k = c.of(v);
                    if (k == Verdict.NO) {
                        return Verdict.NO;
                    }
                    if (k == Verdict.UNSURE) {
                        result = Verdict.UNSURE;
                    }
                }
                return result;
            };
        }

        /** @return the keyword's check, or {@code null} for an annotation or a keyword applied through another */
        private Check keyword(String name, JsonNode arg, JsonNode schema) {
            switch (name) {
                case "type": {
                    List<String> types = new ArrayList<>();
                    if (arg.isString()) {
                        types.add(arg.stringValue());
                    } else {
                        arg.forEach(t -> types.add(t.stringValue()));
                    }
                    String[] t = types.toArray(new String[0]);
                    return v -> type(t, v);
                }
                case "required": {
                    List<String> names = new ArrayList<>();
                    arg.forEach(r -> names.add(r.stringValue()));
                    String[] required = names.toArray(new String[0]);
                    return v -> {
                        if (!v.isObject()) {
                            return Verdict.YES;
                        }
                        for (String r : required) {
                            if (!v.has(r)) {
                                return Verdict.NO;
                            }
                        }
                        return Verdict.YES;
                    };
                }
                case "properties": {
                    List<String> names = new ArrayList<>();
                    List<Check> subs = new ArrayList<>();
                    for (Map.Entry<String, JsonNode> p : arg.properties()) {
                        names.add(p.getKey());
                        subs.add(compile(p.getValue()));
                    }
                    String[] n = names.toArray(new String[0]);
                    Check[] c = subs.toArray(new Check[0]);
                    return v -> {
                        if (!v.isObject()) {
                            return Verdict.YES;
                        }
                        Verdict result = Verdict.YES;
                        for (int i = 0; i < n.length; i++) {
                            JsonNode child = v.get(n[i]);
                            if (child != null) {
                                Verdict k = c[i].of(child);
                                if (k == Verdict.NO) {
                                    return Verdict.NO;
                                }
                                if (k == Verdict.UNSURE) {
                                    result = Verdict.UNSURE;
                                }
                            }
                        }
                        return result;
                    };
                }
                case "enum":
                    return v -> oneOf(arg, v);
                case "const":
                    return v -> arg.isString() ? (v.isString() && v.stringValue().equals(arg.stringValue()) ? Verdict.YES
                            : (v.isString() || v.isContainer() || v.isNull() || v.isBoolean()) ? Verdict.NO : Verdict.UNSURE) : Verdict.UNSURE;
                case "pattern": {
                    Pattern pattern = patterns.get(arg.stringValue());
                    // A Matcher (with its group and loop arrays) per value checked was the most this pre-check
                    // allocated; a Matcher is not thread-safe, so each validation thread resets its own.
                    ThreadLocal<Matcher> matcher = ThreadLocal.withInitial(() -> pattern.matcher(""));
                    return v -> !v.isString() || (!oddWhiteSpace(v.stringValue()) && matcher.get().reset(v.stringValue()).find())
                            ? Verdict.YES : Verdict.UNSURE;
                }
                case "maxLength": {
                    int max = arg.intValue();
                    // A UTF-16 length within the limit is a code point length within it too.
                    return v -> !v.isString() || v.stringValue().length() <= max ? Verdict.YES : Verdict.UNSURE;
                }
                case "minimum": {
                    java.math.BigDecimal min = arg.decimalValue();
                    return v -> !v.isNumber() || v.decimalValue().compareTo(min) >= 0 ? Verdict.YES : Verdict.UNSURE;
                }
                case "maximum": {
                    java.math.BigDecimal max = arg.decimalValue();
                    return v -> !v.isNumber() || v.decimalValue().compareTo(max) <= 0 ? Verdict.YES : Verdict.UNSURE;
                }
                case "format": {
                    String format = arg.stringValue();
                    return v -> !v.isString() || format(format, v.stringValue()) ? Verdict.YES : Verdict.UNSURE;
                }
                case "$ref": {
                    String def = arg.stringValue().substring("#/$defs/".length());
                    JsonNode target = document.path("$defs").path(def);
                    if (!target.isObject()) {
                        return v -> Verdict.UNSURE; // a reference networknt resolves and this pre-check does not
                    }
                    // Compiled on first use, as a definition may refer to itself; validators run on several
                    // threads, so the shared map of compiled definitions is only touched under its lock.
                    java.util.concurrent.atomic.AtomicReference<Check> resolved = new java.util.concurrent.atomic.AtomicReference<>();
                    return v -> {
                        Check c = resolved.get();
                        if (c == null) {
                            synchronized (defs) {
                                c = defs.computeIfAbsent(def, d -> compile(target));
                            }
                            resolved.set(c);
                        }
                        return c.of(v);
                    };
                }
                case "if": {
                    Check condition = compile(arg);
                    Check then = schema.has("then") ? compile(schema.get("then")) : null;
                    Check otherwise = schema.has("else") ? compile(schema.get("else")) : null;
                    return v -> {
                        Verdict c = condition.of(v);
                        if (c == Verdict.UNSURE) {
                            return Verdict.UNSURE;
                        }
                        Check branch = c == Verdict.YES ? then : otherwise;
                        return branch == null ? Verdict.YES : branch.of(v);
                    };
                }
                default:
                    return null; // annotations; then and else apply through if, and do nothing without one
            }
        }
    }

    private static Verdict type(String[] types, JsonNode v) {
        Verdict result = Verdict.NO;
        for (String t : types) {
            Verdict one = isType(t, v);
            if (one == Verdict.YES) {
                return Verdict.YES;
            }
            if (one == Verdict.UNSURE) {
                result = Verdict.UNSURE;
            }
        }
        return result;
    }

    private static Verdict isType(String type, JsonNode v) {
        return switch (type) {
            case "object" -> v.isObject() ? Verdict.YES : Verdict.NO;
            case "array" -> v.isArray() ? Verdict.YES : Verdict.NO;
            case "string" -> v.isString() ? Verdict.YES : Verdict.NO;
            case "boolean" -> v.isBoolean() ? Verdict.YES : Verdict.NO;
            case "null" -> v.isNull() ? Verdict.YES : Verdict.NO;
            case "number" -> v.isNumber() ? Verdict.YES : Verdict.NO;
            // 1.0 may count as an integer: networknt decides.
            case "integer" -> v.isIntegralNumber() ? Verdict.YES : v.isNumber() ? Verdict.UNSURE : Verdict.NO;
            default -> Verdict.UNSURE;
        };
    }

    private static Verdict oneOf(JsonNode values, JsonNode v) {
        boolean allStrings = true;
        for (JsonNode e : values) {
            if (!e.isString()) {
                allStrings = false;
            } else if (v.isString() && e.stringValue().equals(v.stringValue())) {
                return Verdict.YES;
            }
        }
        return allStrings && (v.isString() || v.isContainer() || v.isNull() || v.isBoolean()) ? Verdict.NO : Verdict.UNSURE;
    }

    /** White space beyond ASCII, where regular expression engines may disagree about {@code \s}. */
    private static boolean oddWhiteSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0x7f && (Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085' || c == '\ufeff' || c == '\u180e')) {
                return true;
            }
        }
        return false;
    }

    /*
     * The formats' strict subsets are checked by hand, not by regular expressions: a Matcher per value
     * was most of what judging a record allocated. Each check accepts exactly what its expression in
     * the comment above it matches; SurelyValidDifferentialTest holds them to those expressions.
     */

    private static boolean format(String format, String s) {
        switch (format) {
            case "email":
                return s.length() <= 64 && email(s);
            case "uuid":
                return uuid(s);
            case "date-time":
                return dateTime(s);
            default:
                return false;
        }
    }

    /** {@code [a-z0-9]+(?:[._-][a-z0-9]+)*@example\.com}: words of lower-case letters and digits, one separator between two. */
    static boolean email(String s) {
        String domain = "@example.com";
        int local = s.length() - domain.length();
        if (local <= 0 || !s.endsWith(domain)) {
            return false;
        }
        boolean afterWordChar = false;
        for (int i = 0; i < local; i++) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                afterWordChar = true;
            } else if ((c == '.' || c == '_' || c == '-') && afterWordChar) {
                afterWordChar = false;
            } else {
                return false;
            }
        }
        return afterWordChar;
    }

    /** {@code [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}}. */
    static boolean uuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code (\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(?:\.\d{1,9})?Z} (Java's {@code \d} is
     * ASCII), then a day that exists in a year from 1.
     */
    static boolean dateTime(String s) {
        int n = s.length();
        if (n != 20 && (n < 22 || n > 30)) {
            return false;
        }
        if (!digits(s, 0, 4) || s.charAt(4) != '-' || !digits(s, 5, 7) || s.charAt(7) != '-' || !digits(s, 8, 10) || s.charAt(10) != 'T'
                || !digits(s, 11, 13) || s.charAt(13) != ':' || !digits(s, 14, 16) || s.charAt(16) != ':' || !digits(s, 17, 19)
                || s.charAt(n - 1) != 'Z') {
            return false;
        }
        if (n > 20 && (s.charAt(19) != '.' || !digits(s, 20, n - 1))) {
            return false;
        }
        int hour = number(s, 11, 13);
        if (hour > 23 || number(s, 14, 16) > 59 || number(s, 17, 19) > 59) {
            return false;
        }
        int year = number(s, 0, 4);
        try {
            LocalDate.of(year, number(s, 5, 7), number(s, 8, 10));
            return year >= 1;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** @return the ASCII digits from {@code from} to {@code to} as a number */
    private static int number(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }
}

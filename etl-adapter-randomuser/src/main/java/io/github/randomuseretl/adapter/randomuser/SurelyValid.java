package io.github.randomuseretl.adapter.randomuser;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
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
    private static final Pattern EMAIL = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*@example\\.com");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern DATE_TIME = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})T([01]\\d|2[0-3]):([0-5]\\d):([0-5]\\d)(?:\\.\\d{1,9})?Z");

    private final JsonNode root;
    private final Map<String, Pattern> patterns;

    private SurelyValid(JsonNode root, Map<String, Pattern> patterns) {
        this.root = root;
        this.patterns = patterns;
    }

    /**
     * @param schema the contract's JSON Schema document
     * @return its pre-check, or {@code null} if the schema uses a keyword the pre-check does not understand
     */
    static SurelyValid of(JsonNode schema) {
        Map<String, Pattern> patterns = new HashMap<>();
        return understood(schema, patterns, true) ? new SurelyValid(schema, Map.copyOf(patterns)) : null;
    }

    /**
     * @param record a record's tree
     * @return true only if networknt would find nothing wrong with it against the schema
     */
    boolean test(JsonNode record) {
        return eval(root, record) == Verdict.YES;
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
                patterns.put(v.stringValue(), Pattern.compile(v.stringValue()));
            } else if ((k.equals("minimum") || k.equals("maximum")) && !v.isNumber()) {
                return false;
            } else if (k.equals("maxLength") && !v.canConvertToInt()) {
                return false;
            }
        }
        return true;
    }

    private Verdict eval(JsonNode schema, JsonNode v) {
        Verdict result = Verdict.YES;
        for (Map.Entry<String, JsonNode> e : schema.properties()) {
            Verdict k = keyword(e.getKey(), e.getValue(), schema, v);
            if (k == Verdict.NO) {
                return Verdict.NO;
            }
            if (k == Verdict.UNSURE) {
                result = Verdict.UNSURE;
            }
        }
        return result;
    }

    private Verdict keyword(String name, JsonNode arg, JsonNode schema, JsonNode v) {
        switch (name) {
            case "type":
                return type(arg, v);
            case "required":
                if (!v.isObject()) {
                    return Verdict.YES;
                }
                for (JsonNode r : arg) {
                    if (!v.has(r.stringValue())) {
                        return Verdict.NO;
                    }
                }
                return Verdict.YES;
            case "properties": {
                if (!v.isObject()) {
                    return Verdict.YES;
                }
                Verdict result = Verdict.YES;
                for (Iterator<Map.Entry<String, JsonNode>> it = arg.properties().iterator(); it.hasNext();) {
                    Map.Entry<String, JsonNode> p = it.next();
                    JsonNode child = v.get(p.getKey());
                    if (child != null) {
                        Verdict c = eval(p.getValue(), child);
                        if (c == Verdict.NO) {
                            return Verdict.NO;
                        }
                        if (c == Verdict.UNSURE) {
                            result = Verdict.UNSURE;
                        }
                    }
                }
                return result;
            }
            case "enum":
                return oneOf(arg, v);
            case "const":
                return arg.isString() ? (v.isString() && v.stringValue().equals(arg.stringValue()) ? Verdict.YES
                        : (v.isString() || v.isContainer() || v.isNull() || v.isBoolean()) ? Verdict.NO : Verdict.UNSURE) : Verdict.UNSURE;
            case "pattern":
                if (!v.isString()) {
                    return Verdict.YES;
                }
                return !oddWhiteSpace(v.stringValue()) && patterns.get(arg.stringValue()).matcher(v.stringValue()).find() ? Verdict.YES : Verdict.UNSURE;
            case "maxLength":
                // A UTF-16 length within the limit is a code point length within it too.
                return !v.isString() || v.stringValue().length() <= arg.intValue() ? Verdict.YES : Verdict.UNSURE;
            case "minimum":
                return !v.isNumber() || v.decimalValue().compareTo(arg.decimalValue()) >= 0 ? Verdict.YES : Verdict.UNSURE;
            case "maximum":
                return !v.isNumber() || v.decimalValue().compareTo(arg.decimalValue()) <= 0 ? Verdict.YES : Verdict.UNSURE;
            case "format":
                return !v.isString() || format(arg.stringValue(), v.stringValue()) ? Verdict.YES : Verdict.UNSURE;
            case "$ref":
                return eval(root.get("$defs").get(arg.stringValue().substring("#/$defs/".length())), v);
            case "if": {
                Verdict condition = eval(arg, v);
                if (condition == Verdict.UNSURE) {
                    return Verdict.UNSURE;
                }
                JsonNode branch = schema.get(condition == Verdict.YES ? "then" : "else");
                return branch == null ? Verdict.YES : eval(branch, v);
            }
            case "then":
            case "else":
                return Verdict.YES; // applied through "if"; without an "if" they do nothing
            default:
                return Verdict.YES; // annotations
        }
    }

    private static Verdict type(JsonNode arg, JsonNode v) {
        if (arg.isString()) {
            return isType(arg.stringValue(), v);
        }
        Verdict result = Verdict.NO;
        for (JsonNode t : arg) {
            Verdict one = isType(t.stringValue(), v);
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

    private static boolean format(String format, String s) {
        switch (format) {
            case "email":
                return s.length() <= 64 && EMAIL.matcher(s).matches();
            case "uuid":
                return UUID.matcher(s).matches();
            case "date-time": {
                var m = DATE_TIME.matcher(s);
                if (!m.matches()) {
                    return false;
                }
                try {
                    LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
                    return Integer.parseInt(m.group(1)) >= 1;
                } catch (DateTimeException e) {
                    return false;
                }
            }
            default:
                return false;
        }
    }
}

package io.github.randomuseretl.adapter.randomuser;

import io.github.randomuseretl.core.model.RejectionReason;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads one record's text into a tree, and says what is wrong with the text itself, each reason at the
 * JSON pointer of the value concerned, before the schema sees anything:
 * <ul>
 *   <li>text that is not JSON, or is cut off: where it stops being JSON (the source cuts a record larger
 *       than its cap, so a cut names the value the cap fell in);</li>
 *   <li>a key given twice in one object (the first value is kept in the tree; the text keeps both);</li>
 *   <li>nesting deeper than {@value #MAX_DEPTH} levels (the contract needs 4);</li>
 *   <li>a number longer than {@value #MAX_NUMBER_CHARS} characters, or whose decimal exponent is outside
 *       ±{@value #MAX_EXPONENT}: it is rejected <em>before</em> it becomes a {@link BigDecimal}, so a
 *       17-byte {@code 1e-999999999} costs nothing, and whatever is accepted fits PostgreSQL's
 *       {@code numeric};</li>
 *   <li>text that is not valid Unicode (a lone surrogate such as {@code "\ud800"}, or a byte that was not
 *       UTF-8, which the source hands on as a lone surrogate) and the NUL character, which PostgreSQL
 *       cannot store: never silently replaced.</li>
 * </ul>
 * Values of credential keys ({@link Credentials#FIELDS}) are exempt from the value checks and
 * non-string ones are read as {@code null}: they are never stored (the validator redacts them), so a
 * record's verdict must not depend on them, or its redacted copy would judge differently on replay.
 * Stateless; thread-safe.
 */
final class RecordReader {

    /** Deepest nesting read; the contract's records are 4 levels deep. */
    static final int MAX_DEPTH = 32;
    /** Longest number, in characters. */
    static final int MAX_NUMBER_CHARS = 100;
    /** Largest decimal exponent (position of the first significant digit) either way. */
    static final int MAX_EXPONENT = 1000;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    // Lengths are checked here, not by the parser, so a credential's number (exempt, and
                    // redacted to 0) cannot stop the read early and hide what comes after it. A record is
                    // at most 64 KiB when it comes from the source, so a number costs no more than that.
                    .maxNumberLength(1 << 20)
                    .build())
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RecordReader() {
    }

    /**
     * What the text holds.
     *
     * @param root    the tree, or {@code null} if the text is not one whole JSON value
     * @param reasons what is wrong with the text, empty if nothing
     */
    record Result(JsonNode root, List<RejectionReason> reasons) {
    }

    /**
     * @param text a record's text
     * @return its tree and what is wrong with it
     */
    static Result read(String text) {
        Read r = new Read();
        // Keys given twice are found by the text's structure alone, before the parser reads values: a
        // credential's value redacted in place can then never hide or reveal one on replay.
        r.reasons.addAll(duplicateKeys(text));
        JsonNode root = null;
        JsonParser p = FACTORY.createParser(tools.jackson.core.ObjectReadContext.empty(), text);
        try (p) {
            JsonToken first = p.nextToken();
            if (first == null) {
                r.reasons.add(new RejectionReason("", "is empty, expected a JSON object"));
                return new Result(null, r.reasons);
            }
            JsonNode value = r.value(p, first, null, false);
            if (p.nextToken() != null) {
                r.reasons.add(new RejectionReason("", "is not valid JSON: more follows the record"));
                return new Result(null, r.reasons);
            }
            root = value;
        } catch (StreamConstraintsException e) {
            String message = String.valueOf(e.getOriginalMessage());
            r.reasons.add(new RejectionReason(where(p), message.contains("nesting depth")
                    ? "is nested deeper than " + MAX_DEPTH + " levels"
                    : message.contains("Number value length")
                            ? "is a number out of range: at most " + MAX_NUMBER_CHARS + " characters with a decimal exponent from -"
                                    + MAX_EXPONENT + " to " + MAX_EXPONENT
                            : "breaks the JSON parser's limits"));
        } catch (UnexpectedEndOfInputException e) {
            r.reasons.add(new RejectionReason(where(p), "is cut off here: the record ends inside this value (the source cuts a record "
                    + "larger than its cap at the cap)"));
        } catch (JacksonException e) {
            // Never the parser's message: it may quote the text, which may hold a password.
            r.reasons.add(new RejectionReason(where(p), "is not valid JSON here"));
        }
        return new Result(root, r.reasons);
    }

    /**
     * @param text a record's text, JSON or not
     * @return a reason for each key given a second time in one object, as far as the text's brackets
     *         and quotes say where objects are
     */
    static List<RejectionReason> duplicateKeys(String text) {
        List<RejectionReason> out = new ArrayList<>();
        java.util.Deque<Frame> stack = new java.util.ArrayDeque<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            Frame top = stack.peek();
            if (c == '"') {
                boolean isKey = top != null && top.object && top.expectKey;
                int end = stringEnd(text, i + 1);
                if (isKey) {
                    String name = key(text, i + 1, end);
                    top.expectKey = false;
                    top.key = name;
                    if (!top.keys().add(name)) {
                        out.add(new RejectionReason(pointer(stack), "is given twice: a key may appear once in an object"));
                    }
                }
                i = end;
            } else if (c == '{' || c == '[') {
                stack.push(new Frame(c == '{'));
            } else if ((c == '}' || c == ']') && !stack.isEmpty()) {
                stack.pop();
            } else if (c == ',' && top != null) {
                if (top.object) {
                    top.expectKey = true;
                } else {
                    top.index++;
                }
            }
        }
        return out;
    }

    /**
     * Where a string ends: at the next quote no backslash escapes, or at the end of the text. Only a
     * key's text is then built ({@link #key}); a value's is skipped.
     */
    private static int stringEnd(String text, int from) {
        int end = from;
        int n = text.length();
        while (end < n) {
            char c = text.charAt(end);
            if (c == '"') {
                return end;
            }
            // A backslash-u escape that parses holds no quote or backslash, so skipping just the next char finds the same end.
            end += c == '\\' && end + 1 < n ? 2 : 1;
        }
        return end;
    }

    /** A key's text between its quotes, with its escapes read; most keys have none and are a plain substring. */
    private static String key(String text, int from, int end) {
        int backslash = text.indexOf('\\', from);
        if (backslash < 0 || backslash >= end) {
            return text.substring(from, end);
        }
        StringBuilder key = new StringBuilder();
        int at = from;
        while (at < text.length() && text.charAt(at) != '"') {
            if (text.charAt(at) == '\\' && at + 1 < text.length()) {
                at++;
                char e = text.charAt(at);
                if (e == 'u' && at + 4 < text.length()) {
                    try {
                        key.append((char) Integer.parseInt(text.substring(at + 1, at + 5), 16));
                        at += 4;
                    } catch (NumberFormatException bad) {
                        key.append(e);
                    }
                } else {
                    key.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        case 'b' -> '\b';
                        case 'f' -> '\f';
                        default -> e;
                    });
                }
            } else {
                key.append(text.charAt(at));
            }
            at++;
        }
        return key.toString();
    }

    private static String pointer(java.util.Deque<Frame> stack) {
        StringBuilder sb = new StringBuilder();
        for (java.util.Iterator<Frame> it = stack.descendingIterator(); it.hasNext();) {
            Frame f = it.next();
            sb.append('/').append(f.object ? Contract.escape(String.valueOf(f.key)) : Integer.toString(f.index));
        }
        return sb.toString();
    }

    /** An open object or array, for {@link #duplicateKeys}. */
    private static final class Frame {
        final boolean object;
        private java.util.Set<String> keys;
        boolean expectKey = true;
        String key;
        int index;

        Frame(boolean object) {
            this.object = object;
        }

        /** The keys seen so far; made on first use, as arrays have none. */
        java.util.Set<String> keys() {
            if (keys == null) {
                keys = new java.util.HashSet<>();
            }
            return keys;
        }
    }

    /** @return the pointer of the value the parser was reading when it failed */
    private static String where(JsonParser p) {
        try {
            return p.streamReadContext().pathAsPointer().toString();
        } catch (RuntimeException e) {
            return "";
        }
    }

    /**
     * Where a value is, built into its JSON pointer only when a reason needs it: most records have no
     * reason, and a pointer string per value was most of what reading a record allocated.
     *
     * @param parent the enclosing value's place, {@code null} at the root's children
     * @param name   the key, or {@code null} in an array
     * @param index  the position in an array
     */
    private record Place(Place parent, String name, int index) {
        static String pointer(Place place) {
            if (place == null) {
                return "";
            }
            return pointer(place.parent) + "/" + (place.name != null ? Contract.escape(place.name) : Integer.toString(place.index));
        }
    }

    /** One read's state: the reasons found so far. */
    private static final class Read {
        final List<RejectionReason> reasons = new ArrayList<>();

        /** @param place where the value is; {@code null} for the root */
        JsonNode value(JsonParser p, JsonToken token, Place place, boolean credential) {
            switch (token) {
                case START_OBJECT: {
                    ObjectNode object = NODES.objectNode();
                    JsonToken t;
                    while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                        String name = p.currentName();
                        Place child = new Place(place, name, 0);
                        if (!credential) {
                            text(name, child, "key");
                        }
                        JsonNode v = value(p, p.nextToken(), child, credential || Credentials.FIELDS.contains(name));
                        if (!object.has(name)) {
                            object.set(name, v); // the first is kept; duplicateKeys reported the rest
                        }
                    }
                    return object;
                }
                case START_ARRAY: {
                    ArrayNode array = NODES.arrayNode();
                    int i = 0;
                    JsonToken t;
                    while (true) {
                        t = p.nextToken();
                        if (t == JsonToken.END_ARRAY) {
                            break;
                        }
                        array.add(value(p, t, new Place(place, null, i), credential));
                        i++;
                    }
                    return array;
                }
                case VALUE_STRING: {
                    String s = p.getString();
                    if (!credential) {
                        text(s, place, "text");
                    }
                    return NODES.stringNode(s);
                }
                case VALUE_NUMBER_INT:
                case VALUE_NUMBER_FLOAT: {
                    if (credential) {
                        return NODES.nullNode();
                    }
                    String text = p.getString();
                    String problem = Numbers.problem(text);
                    if (problem != null) {
                        reasons.add(new RejectionReason(Place.pointer(place), problem));
                        return NODES.nullNode();
                    }
                    if (token == JsonToken.VALUE_NUMBER_INT) {
                        // Up to 9 digits always fit an int: most numbers of a record (age, street number) skip BigInteger.
                        if (text.length() <= 9) {
                            return NODES.numberNode(Integer.parseInt(text));
                        }
                        BigInteger v = new BigInteger(text);
                        return v.bitLength() < 32 ? NODES.numberNode(v.intValue())
                                : v.bitLength() < 64 ? NODES.numberNode(v.longValue()) : NODES.numberNode(v);
                    }
                    return NODES.numberNode(new BigDecimal(text));
                }
                case VALUE_TRUE:
                    return credential ? NODES.nullNode() : NODES.booleanNode(true);
                case VALUE_FALSE:
                    return credential ? NODES.nullNode() : NODES.booleanNode(false);
                case VALUE_NULL:
                    return NODES.nullNode();
                default:
                    throw new IllegalStateException("unexpected token " + token);
            }
        }

        /** Text PostgreSQL can store exactly: valid Unicode, no NUL. */
        private void text(String s, Place place, String what) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\u0000') {
                    reasons.add(new RejectionReason(Place.pointer(place), "must not contain the NUL character (U+0000)"));
                    return;
                }
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    reasons.add(new RejectionReason(Place.pointer(place), "is not valid Unicode: its " + what + " holds a lone surrogate (U+"
                            + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + "), from an escape such as \\u"
                            + Integer.toHexString(c) + " or a byte that is not UTF-8"));
                    return;
                }
            }
        }
    }

    /** Bounds a number by its text, before anything turns it into a {@link BigDecimal}. */
    static final class Numbers {

        private Numbers() {
        }

        /**
         * @param text a JSON number's text (at most {@link #MAX_NUMBER_CHARS} characters)
         * @return what is wrong with it, or {@code null}
         */
        static String problem(String text) {
            if (text.length() > MAX_NUMBER_CHARS) {
                return outOfRange();
            }
            int e = Math.max(text.indexOf('e'), text.indexOf('E'));
            if (e < 0) {
                // Without an exponent, at most 100 characters cannot reach an exponent or a scale of 1000.
                return null;
            }
            String mantissa = e < 0 ? text : text.substring(0, e);
            long exponent = 0;
            if (e >= 0) {
                String digits = text.substring(e + 1);
                int from = digits.startsWith("+") || digits.startsWith("-") ? 1 : 0;
                // Leading zeros say nothing; more than 9 significant digits are out of range either way.
                String significant = digits.substring(from).replaceFirst("^0+(?=.)", "");
                if (significant.length() > 9) {
                    return outOfRange();
                }
                exponent = Long.parseLong(significant) * (digits.startsWith("-") ? -1 : 1);
            }
            // The position of the first significant digit relative to the decimal point.
            String unsigned = mantissa.startsWith("-") ? mantissa.substring(1) : mantissa;
            int dot = unsigned.indexOf('.');
            String intPart = dot < 0 ? unsigned : unsigned.substring(0, dot);
            String fraction = dot < 0 ? "" : unsigned.substring(dot + 1);
            long position;
            String intDigits = intPart.replaceFirst("^0+", "");
            if (!intDigits.isEmpty()) {
                position = intDigits.length() - 1L;
            } else {
                String fractionDigits = fraction.replaceFirst("^0+", "");
                if (fractionDigits.isEmpty()) {
                    return null; // zero, whatever its exponent
                }
                position = -(fraction.length() - fractionDigits.length() + 1L);
            }
            long adjusted = position + exponent;
            // The scale PostgreSQL would need: digits after the point.
            long scale = fraction.length() - exponent;
            if (adjusted > MAX_EXPONENT || adjusted < -MAX_EXPONENT || scale > MAX_EXPONENT) {
                return outOfRange();
            }
            return null;
        }

        private static String outOfRange() {
            return "is a number out of range: at most " + MAX_NUMBER_CHARS + " characters with a decimal exponent from -"
                    + MAX_EXPONENT + " to " + MAX_EXPONENT;
        }
    }
}

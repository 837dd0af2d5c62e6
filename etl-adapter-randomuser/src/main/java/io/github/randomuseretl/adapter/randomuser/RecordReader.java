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
            JsonNode value = r.value(p, first, null, null, ROOT, false);
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
            r.reasons.add(notJson(text, p, e, CUT_OFF));
        } catch (JacksonException e) {
            // Never the parser's message: it may quote the text, which may hold a password.
            r.reasons.add(notJson(text, p, e, NOT_JSON));
        }
        return new Result(root, r.reasons);
    }

    /** Where the text ends inside a value. */
    static final String CUT_OFF = "is cut off here: the record ends inside this value (the source cuts a record larger than its cap at the cap)";
    /** Where the text stops being JSON. */
    static final String NOT_JSON = "is not valid JSON here";

    /**
     * The reason for text that stops being JSON where the parser failed. A break inside a credential's
     * member is named by that credential's key, cut off or not as the text ends inside the member or not,
     * and nothing else: the parser's own place and kind of failure depend on the value's bytes, which the
     * redacted copy does not hold, so they would judge the replay differently ({@link Credentials#memberAt}).
     *
     * @param text    the record's text
     * @param p       the parser that failed on it
     * @param e       its failure
     * @param message what to say outside credentials: {@link #CUT_OFF} or {@link #NOT_JSON}
     * @return the reason
     */
    static RejectionReason notJson(String text, JsonParser p, JacksonException e, String message) {
        Credentials.Member member = Credentials.memberAt(text, failedAt(text, p, e));
        if (member != null) {
            return new RejectionReason(member.pointer(), member.cutOff() ? CUT_OFF : NOT_JSON);
        }
        return new RejectionReason(where(p), message);
    }

    /** The index of the character the parser failed on (the text's length at its end). */
    private static int failedAt(String text, JsonParser p, JacksonException e) {
        long at = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
        if (at < 0) {
            at = p.currentLocation().getCharOffset() - 1;
        }
        return (int) Math.max(0, Math.min(at, text.length()));
    }

    /**
     * @param text a record's text, JSON or not
     * @return a reason for each key given a second time in one object, as far as the text's brackets
     *         and quotes say where objects are; not to be modified
     */
    static List<RejectionReason> duplicateKeys(String text) {
        List<RejectionReason> out = KeyScan.mine().run(text);
        return out != null ? out : duplicateKeysBySet(text);
    }

    /**
     * {@link #duplicateKeys} for any text: each object's keys read (escapes and all) into a set. The
     * common case, where {@link KeyScan} can compare keys as they stand in the text, does not come here.
     */
    private static List<RejectionReason> duplicateKeysBySet(String text) {
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
     * {@link #duplicateKeys} without a set, a frame object or a string per key, which were most of what
     * reading a record allocated: the open objects and arrays are rows of fixed arrays kept per thread
     * (records are read on several validation threads), and each key is compared where it stands in the
     * text with the keys before it in its object. That is the set's answer only while no key holds an
     * escape (two spellings may then be one key) and within the arrays' bounds (which also bound the
     * comparisons, quadratic in an object's keys); past either, {@link #run} gives up and the set-based
     * scan answers. The structure walked is the set-based scan's, step for step.
     */
    private static final class KeyScan {
        /** Nesting followed; the parser stops at {@value #MAX_DEPTH} anyway. */
        private static final int DEPTH = 64;
        /** Keys of the open objects held at once; a record of the contract has fewer than 20. */
        private static final int KEYS = 128;
        private static final ThreadLocal<KeyScan> MINE = ThreadLocal.withInitial(KeyScan::new);

        // One row per open object or array, outermost first.
        private final boolean[] object = new boolean[DEPTH];
        private final boolean[] expectKey = new boolean[DEPTH];
        private final int[] index = new int[DEPTH];
        /** Where the row's last key begins in the text, -1 before its first. */
        private final int[] keyFrom = new int[DEPTH];
        private final int[] keyTo = new int[DEPTH];
        /** Where the row's keys begin in {@link #keysFrom}. */
        private final int[] firstKey = new int[DEPTH];
        // The keys of the open objects, innermost object's last, as spans of the text.
        private final int[] keysFrom = new int[KEYS];
        private final int[] keysTo = new int[KEYS];

        static KeyScan mine() {
            return MINE.get();
        }

        /** @return the reasons, or {@code null} if this text needs the set-based scan */
        List<RejectionReason> run(String text) {
            List<RejectionReason> out = List.of();
            int depth = 0;
            int keys = 0;
            int n = text.length();
            for (int i = 0; i < n; i++) {
                char c = text.charAt(i);
                if (c == '"') {
                    int from = i + 1;
                    int end = stringEnd(text, from);
                    int top = depth - 1;
                    if (top >= 0 && object[top] && expectKey[top]) {
                        if (hasBackslash(text, from, end)) {
                            return null;
                        }
                        expectKey[top] = false;
                        keyFrom[top] = from;
                        keyTo[top] = end;
                        if (seen(text, from, end, firstKey[top], keys)) {
                            if (out.isEmpty()) {
                                out = new ArrayList<>();
                            }
                            out.add(new RejectionReason(pointer(text, depth), "is given twice: a key may appear once in an object"));
                        } else {
                            if (keys == KEYS) {
                                return null;
                            }
                            keysFrom[keys] = from;
                            keysTo[keys] = end;
                            keys++;
                        }
                    }
                    i = end;
                } else if (c == '{' || c == '[') {
                    if (depth == DEPTH) {
                        return null;
                    }
                    object[depth] = c == '{';
                    expectKey[depth] = true;
                    index[depth] = 0;
                    keyFrom[depth] = -1;
                    firstKey[depth] = keys;
                    depth++;
                } else if ((c == '}' || c == ']') && depth > 0) {
                    depth--;
                    keys = firstKey[depth];
                } else if (c == ',' && depth > 0) {
                    if (object[depth - 1]) {
                        expectKey[depth - 1] = true;
                    } else {
                        index[depth - 1]++;
                    }
                }
            }
            return out;
        }

        /** @return whether a backslash stands from {@code from} to {@code end}: an escape may spell a key two ways */
        private static boolean hasBackslash(String text, int from, int end) {
            for (int k = from; k < end; k++) {
                if (text.charAt(k) == '\\') {
                    return true;
                }
            }
            return false;
        }

        /** @return whether the key from {@code from} to {@code end} is one of the keys {@code first} to {@code last} */
        private boolean seen(String text, int from, int end, int first, int last) {
            int length = end - from;
            for (int k = first; k < last; k++) {
                if (keysTo[k] - keysFrom[k] == length && text.regionMatches(keysFrom[k], text, from, length)) {
                    return true;
                }
            }
            return false;
        }

        /** As {@link RecordReader#pointer}: a row whose object has had no key yet says {@code null}. */
        private String pointer(String text, int depth) {
            StringBuilder sb = new StringBuilder();
            for (int f = 0; f < depth; f++) {
                sb.append('/').append(object[f] ? Contract.escape(keyFrom[f] < 0 ? "null" : text.substring(keyFrom[f], keyTo[f]))
                        : Integer.toString(index[f]));
            }
            return sb.toString();
        }
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
     * Where an object or array is, built into its JSON pointer only when a reason needs it: most records
     * have no reason, and a pointer string per value was most of what reading a record allocated. A
     * value that is neither is told where it is by its parent's place, its key and its index, so only
     * containers get a place.
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
            return pointer(place.parent, place.name, place.index);
        }

        /** @return the pointer of the value at {@code name} (or {@code index}) in {@code parent}; {@code ""} for the root */
        static String pointer(Place parent, String name, int index) {
            if (name == null && index == ROOT) {
                return "";
            }
            return pointer(parent) + "/" + (name != null ? Contract.escape(name) : Integer.toString(index));
        }
    }

    /** The index that, with no name, says the value is the record itself. */
    private static final int ROOT = -1;

    /** One read's state: the reasons found so far. */
    private static final class Read {
        final List<RejectionReason> reasons = new ArrayList<>();

        /**
         * @param parent where the enclosing value is; {@code null} for the root and its children
         * @param name   the value's key, or {@code null} in an array and for the root
         * @param index  the value's position in an array, or {@link #ROOT} for the root
         */
        JsonNode value(JsonParser p, JsonToken token, Place parent, String name, int index, boolean credential) {
            switch (token) {
                case START_OBJECT: {
                    Place place = name == null && index == ROOT ? null : new Place(parent, name, index);
                    ObjectNode object = NODES.objectNode();
                    JsonToken t;
                    while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                        String key = p.currentName();
                        if (!credential) {
                            text(key, place, key, 0, "key");
                        }
                        JsonNode v = value(p, p.nextToken(), place, key, 0, credential || Credentials.FIELDS.contains(key));
                        if (!object.has(key)) {
                            object.set(key, v); // the first is kept; duplicateKeys reported the rest
                        }
                    }
                    return object;
                }
                case START_ARRAY: {
                    Place place = name == null && index == ROOT ? null : new Place(parent, name, index);
                    ArrayNode array = NODES.arrayNode();
                    int i = 0;
                    JsonToken t;
                    while (true) {
                        t = p.nextToken();
                        if (t == JsonToken.END_ARRAY) {
                            break;
                        }
                        array.add(value(p, t, place, null, i, credential));
                        i++;
                    }
                    return array;
                }
                case VALUE_STRING: {
                    String s = p.getString();
                    if (!credential) {
                        text(s, parent, name, index, "text");
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
                        reasons.add(new RejectionReason(Place.pointer(parent, name, index), problem));
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
        private void text(String s, Place parent, String name, int index, String what) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\u0000') {
                    reasons.add(new RejectionReason(Place.pointer(parent, name, index), "must not contain the NUL character (U+0000)"));
                    return;
                }
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    reasons.add(new RejectionReason(Place.pointer(parent, name, index), "is not valid Unicode: its " + what + " holds a lone surrogate (U+"
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

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
 * {@link RecordReader} as it was before it was made to allocate less (issue 16), kept verbatim as the
 * reference the differential test holds the new reader to: same tree, same reasons, for every record.
 */
final class ReferenceRecordReader {

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

    private ReferenceRecordReader() {
    }

    /**
     * @param text a record's text
     * @return its tree and what is wrong with it
     */
    static RecordReader.Result read(String text) {
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
                return new RecordReader.Result(null, r.reasons);
            }
            JsonNode value = r.value(p, first, "", false);
            if (p.nextToken() != null) {
                r.reasons.add(new RejectionReason("", "is not valid JSON: more follows the record"));
                return new RecordReader.Result(null, r.reasons);
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
            // Since the replay fix, a break inside a credential is named by its key: the one place the reader decides that.
            r.reasons.add(RecordReader.notJson(text, p, e, RecordReader.CUT_OFF));
        } catch (JacksonException e) {
            // Never the parser's message: it may quote the text, which may hold a password.
            r.reasons.add(RecordReader.notJson(text, p, e, RecordReader.NOT_JSON));
        }
        return new RecordReader.Result(root, r.reasons);
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
                int end = i + 1;
                StringBuilder key = new StringBuilder();
                while (end < text.length() && text.charAt(end) != '"') {
                    if (text.charAt(end) == '\\' && end + 1 < text.length()) {
                        end++;
                        char e = text.charAt(end);
                        if (e == 'u' && end + 4 < text.length()) {
                            try {
                                key.append((char) Integer.parseInt(text.substring(end + 1, end + 5), 16));
                                end += 4;
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
                        key.append(text.charAt(end));
                    }
                    end++;
                }
                if (top != null && top.object && top.expectKey) {
                    String name = key.toString();
                    top.expectKey = false;
                    top.key = name;
                    if (!top.keys.add(name)) {
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
        final java.util.Set<String> keys = new java.util.HashSet<>();
        boolean expectKey = true;
        String key;
        int index;

        Frame(boolean object) {
            this.object = object;
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

    /** One read's state: the reasons found so far. */
    private static final class Read {
        final List<RejectionReason> reasons = new ArrayList<>();

        JsonNode value(JsonParser p, JsonToken token, String pointer, boolean credential) {
            switch (token) {
                case START_OBJECT: {
                    ObjectNode object = NODES.objectNode();
                    JsonToken t;
                    while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                        String name = p.currentName();
                        String child = pointer + "/" + Contract.escape(name);
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
                        array.add(value(p, t, pointer + "/" + i, credential));
                        i++;
                    }
                    return array;
                }
                case VALUE_STRING: {
                    String s = p.getString();
                    if (!credential) {
                        text(s, pointer, "text");
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
                        reasons.add(new RejectionReason(pointer, problem));
                        return NODES.nullNode();
                    }
                    if (token == JsonToken.VALUE_NUMBER_INT) {
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
        private void text(String s, String pointer, String what) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\u0000') {
                    reasons.add(new RejectionReason(pointer, "must not contain the NUL character (U+0000)"));
                    return;
                }
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    reasons.add(new RejectionReason(pointer, "is not valid Unicode: its " + what + " holds a lone surrogate (U+"
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

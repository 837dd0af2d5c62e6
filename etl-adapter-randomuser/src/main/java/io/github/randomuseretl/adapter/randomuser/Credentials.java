package io.github.randomuseretl.adapter.randomuser;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Keeps credentials inside the adapter. A rejected record goes to quarantine as the text it arrived as,
 * with only the values of {@code password}, {@code salt}, {@code md5}, {@code sha1} and {@code sha256}
 * (at any depth) replaced <em>in place</em>: every other character stays, keys given twice stay twice,
 * text that is not JSON stays not JSON where it was not.
 *
 * <p>The replacements keep what the contract can see, so the redacted record is judged as the original
 * was when it is replayed:
 * <ul>
 *   <li>a string becomes {@value #REDACTED}, or {@value #REDACTED_REJECTED} if the contract rejected
 *       that very value (a {@code login.sha256} that is no SHA-256 digest, kept on
 *       {@code ETL_KEEP_PASSWORD_HASH=true});</li>
 *   <li>a number becomes {@code 0}; {@code true}, {@code false} and {@code null} stay;</li>
 *   <li>a string that is not valid JSON (a bad escape, a raw control character) becomes
 *       {@code "\[redacted]"}, still not valid JSON at the same place; one the text ends inside stays
 *       cut off ({@code "[redacted]}); a bare word that is not JSON becomes {@code redacted};</li>
 *   <li>inside an object or array that is a credential's value, every such value is replaced alike.</li>
 * </ul>
 */
final class Credentials {

    /** What a credential's string value becomes. */
    static final String REDACTED = "[redacted]";

    /** What a credential's string value the contract rejected becomes; the contract rejects it again. */
    static final String REDACTED_REJECTED = "[redacted: rejected]";

    /** The credential keys, wherever they appear in a record. */
    static final Set<String> FIELDS = Set.of("password", "salt", "md5", "sha1", "sha256");

    private static final Pattern NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");

    private Credentials() {
    }

    /**
     * @param node a credential value of a parsed record
     * @return whether it is absent, null or was redacted as acceptable
     */
    static boolean absentOrRedacted(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() || (node.isString() && REDACTED.equals(node.stringValue()));
    }

    /**
     * @param node a credential value of a parsed record
     * @return whether it was redacted from a value the contract rejected
     */
    static boolean redactedRejected(JsonNode node) {
        return node != null && node.isString() && REDACTED_REJECTED.equals(node.stringValue());
    }

    /**
     * Redacts every credential value of a record's text in place, whatever the text is.
     *
     * @param text     the record's text
     * @param rejected JSON pointers of credential values the contract rejected (e.g. {@code /login/sha256})
     * @return the text with credential values replaced; the same string if it held none
     */
    static String redact(String text, Set<String> rejected) {
        StringBuilder out = null;
        Deque<Frame> stack = new ArrayDeque<>();
        int n = text.length();
        int i = 0;
        int copied = 0;
        while (i < n) {
            char c = text.charAt(i);
            Frame top = stack.peek();
            if (c == '"') {
                int end = stringEnd(text, i);
                boolean key = top != null && top.object && top.expectKey;
                if (key) {
                    top.key = decode(text, i, end);
                    top.expectKey = false;
                } else if (inCredential(stack)) {
                    String pointer = pointer(stack);
                    String replacement;
                    if (end < 0) {
                        replacement = "\"" + REDACTED;
                    } else if (!validString(text, i, end)) {
                        replacement = "\"\\" + REDACTED + "\"";
                    } else {
                        replacement = "\"" + (rejected.contains(pointer) ? REDACTED_REJECTED : REDACTED) + "\"";
                    }
                    int stop = end < 0 ? n : end + 1;
                    if (!text.regionMatches(i, replacement, 0, replacement.length()) || stop - i != replacement.length()) {
                        out = append(out, text, copied, i).append(replacement);
                        copied = stop;
                    }
                }
                i = end < 0 ? n : end + 1;
                continue;
            }
            if (c == '{' || c == '[') {
                boolean credential = inCredential(stack);
                stack.push(new Frame(c == '{', credential));
                i++;
                continue;
            }
            if (c == '}' || c == ']') {
                if (!stack.isEmpty()) {
                    stack.pop();
                }
                i++;
                continue;
            }
            if (c == ':') {
                i++;
                continue;
            }
            if (c == ',') {
                if (top != null) {
                    if (top.object) {
                        top.expectKey = true;
                        top.key = null;
                    } else {
                        top.index++;
                    }
                }
                i++;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                i++;
                continue;
            }
            // A bare word: a number, true, false, null, or something that is not JSON.
            int end = i;
            while (end < n && " \t\n\r{}[]:,\"".indexOf(text.charAt(end)) < 0) {
                end++;
            }
            if (inCredential(stack) && !(top != null && top.object && top.expectKey)) {
                String word = text.substring(i, end);
                String replacement = NUMBER.matcher(word).matches() ? "0"
                        : word.equals("true") || word.equals("false") || word.equals("null") ? word : "redacted";
                if (!replacement.equals(word)) {
                    out = append(out, text, copied, i).append(replacement);
                    copied = end;
                }
            }
            i = end;
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, n).toString();
    }

    private static StringBuilder append(StringBuilder out, String text, int from, int to) {
        StringBuilder sb = out == null ? new StringBuilder(text.length()) : out;
        return sb.append(text, from, to);
    }

    /** Whether the value at the scanner's position belongs to a credential. */
    private static boolean inCredential(Deque<Frame> stack) {
        Frame top = stack.peek();
        if (top == null) {
            return false;
        }
        return top.credential || (top.object && top.key != null && FIELDS.contains(top.key));
    }

    private static String pointer(Deque<Frame> stack) {
        StringBuilder sb = new StringBuilder();
        for (java.util.Iterator<Frame> it = stack.descendingIterator(); it.hasNext();) {
            Frame f = it.next();
            sb.append('/').append(f.object ? Contract.escape(String.valueOf(f.key)) : Integer.toString(f.index));
        }
        return sb.toString();
    }

    /** @return the index of the closing quote of the string opening at {@code start}, or -1 if the text ends first */
    private static int stringEnd(String text, int start) {
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    /** Whether a complete string literal is valid JSON: known escapes, no raw control character. */
    private static boolean validString(String text, int start, int end) {
        for (int i = start + 1; i < end; i++) {
            char c = text.charAt(i);
            if (c < 0x20) {
                return false;
            }
            if (c == '\\') {
                char e = text.charAt(i + 1);
                if (e == 'u') {
                    if (i + 5 >= end || !text.substring(i + 2, i + 6).matches("[0-9a-fA-F]{4}")) {
                        return false;
                    }
                    i += 5;
                } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                    return false;
                } else {
                    i++;
                }
            }
        }
        return true;
    }

    /** The key a string literal spells, escapes decoded as well as they decode ({@code "pass\u0077ord"} is {@code password}). */
    private static String decode(String text, int start, int end) {
        int stop = end < 0 ? text.length() : end;
        StringBuilder sb = new StringBuilder(Math.min(64, stop - start));
        for (int i = start + 1; i < stop && sb.length() <= 64; i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < stop) {
                char e = text.charAt(++i);
                if (e == 'u' && i + 4 < stop) {
                    try {
                        sb.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                        i += 4;
                    } catch (NumberFormatException bad) {
                        sb.append(e);
                    }
                } else {
                    sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** One open object or array. */
    private static final class Frame {
        final boolean object;
        /** The whole container is a credential's value. */
        final boolean credential;
        boolean expectKey = true;
        String key;
        int index;

        Frame(boolean object, boolean credential) {
            this.object = object;
            this.credential = credential;
        }
    }
}

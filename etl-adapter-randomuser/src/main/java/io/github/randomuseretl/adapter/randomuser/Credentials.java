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
        int copied = 0;
        Scan scan = new Scan(text);
        while (scan.hasNext()) {
            boolean credential = scan.inCredential() && !scan.atKey();
            String pointer = credential ? scan.pointer() : null;
            Token t = scan.next();
            if (!credential || (t != Token.STRING && t != Token.WORD)) {
                continue;
            }
            int from = scan.start;
            int stop = scan.end;
            String replacement;
            if (t == Token.STRING) {
                if (!scan.closed) {
                    replacement = "\"" + REDACTED;
                } else if (!validString(text, from, stop - 1)) {
                    replacement = "\"\\" + REDACTED + "\"";
                } else {
                    replacement = "\"" + (rejected.contains(pointer) ? REDACTED_REJECTED : REDACTED) + "\"";
                }
            } else {
                String word = text.substring(from, stop);
                replacement = NUMBER.matcher(word).matches() ? "0"
                        : word.equals("true") || word.equals("false") || word.equals("null") ? word : "redacted";
            }
            if (stop - from != replacement.length() || !text.regionMatches(from, replacement, 0, replacement.length())) {
                out = append(out, text, copied, from).append(replacement);
                copied = stop;
            }
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, text.length()).toString();
    }

    /**
     * A credential's member in a record's text: its value and whatever follows the value up to the comma
     * or bracket that ends the member, as {@link #redact} reads them.
     *
     * @param pointer the JSON pointer of the outermost credential key, e.g. {@code /login/sha256}
     * @param cutOff  whether the text ends before the member does
     */
    record Member(String pointer, boolean cutOff) {
    }

    /**
     * Which credential's member a place in a record's text belongs to, by the redaction's own reading.
     * Where a text stops being JSON inside a credential's value, the reason must name that credential's
     * key and say nothing that depends on the value's bytes: those are not in the redacted copy, and the
     * parser and the redaction split a broken value differently ({@code 0x10} is a number and a stray
     * letter to the one, a word to the other). The redaction keeps every character outside credential
     * values and replaces each value by one of the same kind (valid or not, ended or cut off), so the
     * original and its redacted copy break in the same member, and this names it alike for both.
     *
     * @param text   the record's text
     * @param offset the index of a character of the text, or its length for its end
     * @return the credential member that character belongs to, or {@code null} if none
     */
    static Member memberAt(String text, int offset) {
        Scan scan = new Scan(text);
        while (scan.hasNext()) {
            boolean credential = scan.inCredential();
            String pointer = credential ? scan.memberPointer() : null;
            scan.next();
            if (scan.end > offset) {
                return credential ? new Member(pointer, scan.cutOffFromHere()) : null;
            }
        }
        return scan.inCredential() ? new Member(scan.memberPointer(), true) : null;
    }

    private static StringBuilder append(StringBuilder out, String text, int from, int to) {
        StringBuilder sb = out == null ? new StringBuilder(text.length()) : out;
        return sb.append(text, from, to);
    }

    /** What a {@link Scan} step read. */
    private enum Token { STRING, WORD, OPEN, CLOSE, COLON, COMMA, SPACE }

    /**
     * Reads any text, JSON or not, one token at a time as far as its quotes, brackets, colons and commas
     * say: the one reading both {@link #redact} and {@link #memberAt} go by, so what is redacted and what
     * a broken record's reason is named by agree on what "inside a credential" is.
     */
    private static final class Scan {
        private final String text;
        private final Deque<Frame> stack = new ArrayDeque<>();
        private int at;
        /** The last token read: where it starts and ends (exclusive), and whether a string was closed. */
        int start;
        int end;
        boolean closed;

        Scan(String text) {
            this.text = text;
        }

        boolean hasNext() {
            return at < text.length();
        }

        /**
         * Whether the next token belongs to a credential: is (in) its value, or follows the value before
         * the comma or bracket that ends its member (which belongs to it too).
         */
        boolean inCredential() {
            Frame top = stack.peek();
            if (top == null) {
                return false;
            }
            return top.credential || (top.object && top.key != null && FIELDS.contains(top.key));
        }

        /** Whether the next token stands where an object expects a key. */
        boolean atKey() {
            Frame top = stack.peek();
            return top != null && top.object && top.expectKey;
        }

        /** The pointer of the next value. */
        String pointer() {
            StringBuilder sb = new StringBuilder();
            for (java.util.Iterator<Frame> it = stack.descendingIterator(); it.hasNext();) {
                sb.append('/').append(it.next().token(text));
            }
            return sb.toString();
        }

        /** The pointer of the outermost credential key the next token is under. */
        String memberPointer() {
            StringBuilder sb = new StringBuilder();
            for (java.util.Iterator<Frame> it = stack.descendingIterator(); it.hasNext();) {
                Frame f = it.next();
                sb.append('/').append(f.token(text));
                if (f.object && f.key != null && FIELDS.contains(f.key)) {
                    break;
                }
            }
            return sb.toString();
        }

        /** Reads on to the end of the credential member the last token belongs to: whether the text ends first. */
        boolean cutOffFromHere() {
            while (hasNext() && inCredential()) {
                next();
            }
            return !hasNext() && (inCredential() || !closed);
        }

        Token next() {
            int n = text.length();
            char c = text.charAt(at);
            Frame top = stack.peek();
            start = at;
            closed = true;
            Token token;
            if (c == '"') {
                int close = stringEnd(text, at);
                closed = close >= 0;
                end = closed ? close + 1 : n;
                token = Token.STRING;
                if (top != null && top.object && top.expectKey) {
                    top.key = decode(text, start, close, 64);
                    top.keyFrom = start;
                    top.keyTo = close;
                    top.expectKey = false;
                }
            } else if (c == '{' || c == '[') {
                stack.push(new Frame(c == '{', inCredential()));
                end = at + 1;
                token = Token.OPEN;
            } else if (c == '}' || c == ']') {
                if (!stack.isEmpty()) {
                    stack.pop();
                }
                end = at + 1;
                token = Token.CLOSE;
            } else if (c == ':') {
                end = at + 1;
                token = Token.COLON;
            } else if (c == ',') {
                if (top != null) {
                    if (top.object) {
                        top.expectKey = true;
                        top.key = null;
                    } else {
                        top.index++;
                    }
                }
                end = at + 1;
                token = Token.COMMA;
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                end = at + 1;
                token = Token.SPACE;
            } else {
                // A bare word: a number, true, false, null, or something that is not JSON.
                int e = at;
                while (e < n && " \t\n\r{}[]:,\"".indexOf(text.charAt(e)) < 0) {
                    e++;
                }
                end = e;
                token = Token.WORD;
            }
            at = end;
            return token;
        }
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

    /**
     * The key a string literal spells, escapes read as the parser reads them ({@code "pass\u0077ord"} is
     * {@code password}), up to {@code max} characters and a few more.
     */
    private static String decode(String text, int start, int end, int max) {
        int stop = end < 0 ? text.length() : end;
        StringBuilder sb = new StringBuilder(Math.min(64, stop - start));
        for (int i = start + 1; i < stop && sb.length() <= max; i++) {
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
                    sb.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        case 'b' -> '\b';
                        case 'f' -> '\f';
                        default -> e;
                    });
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
        /** The current key, read up to 64 characters: enough to tell a credential's. */
        String key;
        /** Where the current key's literal opens, and its closing quote (-1 if the text ends inside it). */
        int keyFrom;
        int keyTo;
        int index;

        Frame(boolean object, boolean credential) {
            this.object = object;
            this.credential = credential;
        }

        /** This level's reference token of a JSON pointer: the whole key, escapes read, or the index. */
        String token(String text) {
            if (!object) {
                return Integer.toString(index);
            }
            return Contract.escape(key == null ? "null" : decode(text, keyFrom, keyTo, Integer.MAX_VALUE));
        }
    }
}

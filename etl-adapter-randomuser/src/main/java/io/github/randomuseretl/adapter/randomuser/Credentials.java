package io.github.randomuseretl.adapter.randomuser;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Keeps credentials inside the adapter: a rejected record goes to quarantine with the values of
 * {@code password}, {@code salt}, {@code md5}, {@code sha1} and {@code sha256} replaced by
 * {@link #REDACTED}. Keys stay, so the record keeps its shape and validates again later if nothing
 * else is wrong with it.
 */
final class Credentials {

    /** What a credential's value becomes. */
    static final String REDACTED = "[redacted]";

    /** The credential keys, wherever they appear in a record. */
    static final List<String> FIELDS = List.of("password", "salt", "md5", "sha1", "sha256");

    private static final StringNode REDACTED_NODE = StringNode.valueOf(REDACTED);

    /** A credential key and its value in text that is not valid JSON: a string (maybe cut off) or a bare token. */
    private static final Pattern IN_TEXT = Pattern.compile(
            "(\"(?:password|salt|md5|sha1|sha256)\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*(?:\"|\\\\?$)|[^,}\\]\\s]+)");

    private Credentials() {
    }

    /**
     * Replaces every non-null credential value in a parsed record, at any depth, in place.
     *
     * @param node a parsed record
     */
    static void redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (String key : new ArrayList<>(object.propertyNames())) {
                JsonNode value = object.get(key);
                if (FIELDS.contains(key) && !value.isNull()) {
                    object.set(key, REDACTED_NODE);
                } else {
                    redact(value);
                }
            }
        } else if (node != null && node.isArray()) {
            for (JsonNode element : node) {
                redact(element);
            }
        }
    }

    /**
     * Redacts record text that could not be parsed, as well as text allows: every credential key
     * followed by a string (also one cut off at the end) or a bare value.
     *
     * @param text the record's text
     * @return the text with credential values replaced
     */
    static String redactText(String text) {
        Matcher m = IN_TEXT.matcher(text);
        return m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + '"' + REDACTED + '"'));
    }

    /**
     * @param node a credential value
     * @return whether it is absent, null or was redacted
     */
    static boolean absentOrRedacted(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() || (node.isString() && REDACTED.equals(node.stringValue()));
    }
}

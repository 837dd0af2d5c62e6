package io.github.randomuseretl.adapter.postgres;

import io.github.randomuseretl.core.model.RejectionReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the quarantine stores of a raw record, and how it gets the record back.
 *
 * <p>A record is kept as the exact text it arrived as, in UTF-8 bytes ({@code bytea}, so NUL and text
 * that is not valid Unicode are kept too), with its SHA-256, and as {@code jsonb} only where jsonb
 * holds it faithfully. Nothing about a record can make its row fail to insert, so a rejection never
 * fails its batch.
 *
 * <p>The validator redacts credential values in place already. This redacts again, in place, because
 * a raw record that reaches the database with a password in it cannot be taken back, and because the
 * pipeline also rejects records it accepted (a uuid twice in one batch) without the validator. The
 * digest is of the bytes as stored: a digest of the unredacted bytes would let anyone who reads the
 * table test password guesses against it, the rest of the record being stored beside it.
 */
final class RawPayloads {

    /** What replaces a credential. */
    static final String REDACTED = "[redacted]";

    /** Keys whose values hold a password or something derived from it, wherever they are. */
    static final Set<String> CREDENTIALS = Set.of("password", "salt", "md5", "sha1", "sha256");

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** Parses strictly: a record that says a key twice has no faithful jsonb copy. */
    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** A credential and its value in text that is not JSON: a string (maybe cut off) or a bare word. */
    private static final Pattern TEXT_CREDENTIAL = Pattern.compile(
            "(\"(?:password|salt|md5|sha1|sha256)\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*(?:\"|$)|[^,}\\]\\s]+)");
    /** Values the validator's redaction leaves; redacting them again would change what they say. */
    private static final Pattern ALREADY_REDACTED = Pattern.compile("\"\\\\?\\[redacted[^\"]*(?:\"|$)|redacted|0|true|false|null");

    private static final int MAX_DEPTH = 100;
    private static final int MAX_MESSAGE = 1000;

    private RawPayloads() {
    }

    /**
     * A record ready for its quarantine row.
     *
     * @param bytes  the record's text (credentials redacted) as UTF-8, any lone surrogate U+DC80..U+DCFF
     *               as the byte it stands for
     * @param sha256 SHA-256 of {@code bytes}
     * @param json   the text for the {@code jsonb} copy, or {@code null} where jsonb would not hold it faithfully
     */
    record Stored(byte[] bytes, byte[] sha256, String json) {
    }

    /**
     * @param payload a raw record's text
     * @return what to store, credentials redacted
     */
    static Stored prepare(String payload) {
        String text = redact(payload);
        byte[] bytes = ExactUtf8.encode(text);
        return new Stored(bytes, sha256(bytes), faithful(text) ? text : null);
    }

    /**
     * @param bytes a row's {@code raw_bytes}
     * @return the record's text as it was stored
     */
    static String restore(byte[] bytes) {
        return ExactUtf8.decode(bytes);
    }

    /**
     * @param bytes bytes
     * @return their SHA-256
     */
    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Redacts every credential value in place, leaving every other character as it was.
     *
     * @param payload a record's text
     * @return the text with credential values replaced; the same string if there were none to replace
     */
    static String redact(String payload) {
        List<int[]> spans = new ArrayList<>();
        try (JsonParser p = JSON.createParser(payload)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.PROPERTY_NAME || !CREDENTIALS.contains(p.currentName())) {
                    continue;
                }
                // A credential's value: every string and number in it, brackets kept, so the text still
                // says what the validator judged (a structure stays a structure, as deep as it was).
                int depth = 0;
                do {
                    JsonToken v = p.nextToken();
                    if (v == null) {
                        break;
                    }
                    if (v.isStructStart()) {
                        depth++;
                    } else if (v.isStructEnd()) {
                        depth--;
                    } else if (v == JsonToken.VALUE_STRING || v.isNumeric()) {
                        span(p, v, spans);
                    }
                } while (depth > 0);
            }
        } catch (RuntimeException e) {
            // Not JSON, or beyond what the parser reads (Jackson throws NumberFormatException for some numbers).
            return redactText(payload);
        }
        if (spans.isEmpty()) {
            return payload;
        }
        StringBuilder out = new StringBuilder(payload.length());
        int at = 0;
        for (int[] span : spans) {
            out.append(payload, at, span[0]).append(span[2] == 1 ? "\"" + REDACTED + "\"" : "0");
            at = span[1];
        }
        return out.append(payload, at, payload.length()).toString();
    }

    private static void span(JsonParser p, JsonToken v, List<int[]> spans) {
        int start = (int) p.currentTokenLocation().getCharOffset();
        String value = p.getString();
        if (v == JsonToken.VALUE_STRING ? value.startsWith(REDACTED.substring(0, REDACTED.length() - 1)) : "0".equals(value)) {
            return; // the validator's redaction, which says what the contract saw
        }
        spans.add(new int[] {start, (int) p.currentLocation().getCharOffset(), v == JsonToken.VALUE_STRING ? 1 : 0});
    }

    /** Text that is not JSON: each credential key followed by a string (also one cut off) or a bare word. */
    private static String redactText(String payload) {
        Matcher m = TEXT_CREDENTIAL.matcher(payload);
        return m.replaceAll(r -> Matcher.quoteReplacement(ALREADY_REDACTED.matcher(r.group(2)).matches()
                ? r.group() : r.group(1) + '"' + REDACTED + '"'));
    }

    /**
     * Whether jsonb holds the text as the same JSON: one object or value, no key twice, no NUL and no
     * lone surrogate in any string, numbers {@code numeric} holds, not too deep.
     */
    static boolean faithful(String text) {
        try {
            JsonNode root = STRICT.readTree(text);
            return root != null && !root.isMissingNode() && storable(root, 0);
        } catch (RuntimeException e) {
            // JacksonException, and NumberFormatException or ArithmeticException for numbers beyond limits.
            return false;
        }
    }

    private static boolean storable(JsonNode node, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        if (node.isString()) {
            return storable(node.stringValue());
        }
        if (node.isNumber()) {
            BigDecimal d = node.decimalValue();
            // numeric: up to 131072 digits before the point and 16383 after.
            return d.scale() <= 16_383 && d.precision() - d.scale() <= 131_072;
        }
        if (node.isObject()) {
            for (var e : node.properties()) {
                if (!storable(e.getKey()) || !storable(e.getValue(), depth + 1)) {
                    return false;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                if (!storable(child, depth + 1)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean storable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param reasons rejection reasons
     * @return a JSON array of {@code {"pointer": ..., "message": ...}}
     */
    static String reasonsJson(List<RejectionReason> reasons) {
        ArrayNode array = JSON.createArrayNode();
        for (RejectionReason r : reasons) {
            array.addObject().put("pointer", text(r.pointer())).put("message", text(r.message()));
        }
        return JSON.writeValueAsString(array);
    }

    /**
     * @param json a reasons array as {@link #reasonsJson} writes it
     * @return the reasons
     */
    static List<RejectionReason> parseReasons(String json) {
        List<RejectionReason> reasons = new ArrayList<>();
        for (JsonNode n : JSON.readTree(json)) {
            reasons.add(new RejectionReason(n.path("pointer").asString(""), n.path("message").asString("(no message)")));
        }
        return reasons;
    }

    /**
     * @param parameters request parameters
     * @return a JSON object of strings
     */
    static String parametersJson(Map<String, String> parameters) {
        ObjectNode o = JSON.createObjectNode();
        parameters.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> o.put(scrubNul(e.getKey()), scrubNul(e.getValue())));
        return JSON.writeValueAsString(o);
    }

    /**
     * @param json a JSON object of strings
     * @return the map, in the object's order
     */
    static Map<String, String> parseParameters(String json) {
        Map<String, String> map = new LinkedHashMap<>();
        JSON.readTree(json).properties().forEach(e -> map.put(e.getKey(), e.getValue().asString("")));
        return map;
    }




    private static String scrubNul(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace("\0", "\\u0000");
    }

    /**
     * A reason's text as jsonb takes it: NUL spelled out, a lone surrogate replaced, at most
     * {@value #MAX_MESSAGE} characters. (The reasons are the validator's words, not the record.)
     */
    private static String text(String text) {
        String t = scrubNul(text);
        StringBuilder sb = new StringBuilder(Math.min(t.length(), MAX_MESSAGE + 3));
        for (int i = 0; i < t.length() && sb.length() < MAX_MESSAGE; i++) {
            char c = t.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < t.length() && Character.isLowSurrogate(t.charAt(i + 1))) {
                sb.append(c).append(t.charAt(++i));
            } else {
                sb.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return sb.length() < t.length() ? sb.append("...").toString() : sb.toString();
    }
}

package io.github.randomuseretl.adapter.postgres;

import io.github.randomuseretl.core.model.RejectionReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the quarantine stores of a raw record, and how it gets the record back.
 *
 * <p>The validator redacts credentials already; this redacts again, because a raw record that reaches
 * the database with a password in it cannot be taken back. A payload that is not JSON is kept as a
 * JSON string, and one PostgreSQL cannot store as text at all (it holds U+0000) as Base64 of its UTF-8
 * bytes: a rejected record is never lost.
 */
final class RawPayloads {

    /** What replaces a credential. */
    static final String REDACTED = "[redacted]";

    /** Fields of {@code login} that hold a password or something derived from it. */
    static final Set<String> CREDENTIALS = Set.of("password", "salt", "md5", "sha1", "sha256");

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** Credential fields anywhere in text that does not parse as JSON, with a quoted or bare value. */
    private static final Pattern TEXT_CREDENTIAL = Pattern.compile(
            "(\"(?:password|salt|md5|sha1|sha256)\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*(?:\"|$)|[^,}\\]\\s]+)");

    private RawPayloads() {
    }

    /**
     * A payload ready for the {@code raw} jsonb column.
     *
     * @param format {@code json}, {@code text} or {@code base64}
     * @param json   valid JSON for PostgreSQL's jsonb: the record itself, or a JSON string holding it
     */
    record Stored(String format, String json) {
    }

    /**
     * @param payload a raw record's text
     * @return what to store, credentials redacted
     */
    static Stored prepare(String payload) {
        JsonNode tree = parse(payload);
        if (tree != null) {
            boolean changed = redact(tree);
            String text = changed ? JSON.writeValueAsString(tree) : payload;
            // jsonb cannot hold U+0000 even escaped; keep such a record as a string of its JSON text.
            if (!text.contains("\\u0000")) {
                return new Stored("json", text);
            }
            return new Stored("text", JSON.writeValueAsString(text));
        }
        String redacted = redactText(payload);
        if (redacted.indexOf('\0') >= 0) {
            String b64 = Base64.getEncoder().encodeToString(redacted.getBytes(StandardCharsets.UTF_8));
            return new Stored("base64", JSON.writeValueAsString(b64));
        }
        return new Stored("text", JSON.writeValueAsString(redacted));
    }

    /**
     * The payload a stored row stands for.
     *
     * @param format  the row's {@code raw_format}
     * @param rawJson {@code raw::text}
     * @return the record's text as it was stored (JSON records come back in jsonb's normal form)
     */
    static String restore(String format, String rawJson) {
        switch (format) {
            case "json":
                return rawJson;
            case "text":
                return JSON.readTree(rawJson).stringValue();
            case "base64":
                return new String(Base64.getDecoder().decode(JSON.readTree(rawJson).stringValue()), StandardCharsets.UTF_8);
            default:
                throw new IllegalArgumentException("unknown raw_format " + format);
        }
    }

    /**
     * @param reasons rejection reasons
     * @return a JSON array of {@code {"pointer": ..., "message": ...}}
     */
    static String reasonsJson(List<RejectionReason> reasons) {
        ArrayNode array = JSON.createArrayNode();
        for (RejectionReason r : reasons) {
            array.addObject().put("pointer", r.pointer()).put("message", scrubNul(r.message()));
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

    private static JsonNode parse(String payload) {
        try {
            JsonNode node = JSON.readTree(payload);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** Redacts credentials under every {@code login} object; says whether anything changed. */
    private static boolean redact(JsonNode node) {
        boolean changed = false;
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            JsonNode login = o.get("login");
            if (login != null && login.isObject()) {
                ObjectNode l = (ObjectNode) login;
                for (String field : CREDENTIALS) {
                    JsonNode value = l.get(field);
                    if (value != null && !(value.isString() && REDACTED.equals(value.stringValue()))) {
                        l.put(field, REDACTED);
                        changed = true;
                    }
                }
            }
            for (JsonNode child : o.values()) {
                changed |= redact(child);
            }
        } else if (node.isArray()) {
            for (JsonNode child : node.values()) {
                changed |= redact(child);
            }
        }
        return changed;
    }

    private static String redactText(String payload) {
        Matcher m = TEXT_CREDENTIAL.matcher(payload);
        return m.replaceAll("$1\"" + Matcher.quoteReplacement(REDACTED) + "\"");
    }

    private static String scrubNul(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace("\0", "\\u0000");
    }
}

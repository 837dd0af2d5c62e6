package io.github.randomuseretl.adapter.randomuser;

import io.github.randomuseretl.core.model.FieldDrift;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Schema drift, per record: the fields the contract does not know (the API added them; the schema does
 * not forbid unknown properties, so they would pass unnoticed) and the optional parts the contract
 * knows that the record lacks (the API may have stopped sending them), each as a JSON pointer. Read from
 * the contract's own {@code properties} and {@code required}, so a field added to the schema stops
 * being unknown with no change here. A part is reported missing only when its parent is there, and at
 * most {@link FieldDrift#MAX_POINTERS} pointers of each kind per record. Immutable and thread-safe.
 */
final class FieldSurvey {

    /** Longest key kept in a pointer; a longer one is cut, so a hostile key cannot bloat the ledger. */
    static final int MAX_KEY = 64;

    private static final Map<ApiVersion, FieldSurvey> SURVEYS = new EnumMap<>(ApiVersion.class);

    /**
     * What the contract says about one object: its properties (each with its own shape, if an object)
     * and which are optional, in the properties' order.
     */
    private record Shape(Map<String, Shape> properties, List<String> optional) {
        Shape {
            properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
            optional = List.copyOf(optional);
        }
    }

    private final Shape root;

    private FieldSurvey(Shape root) {
        this.root = root;
    }

    /**
     * @param version the API version
     * @return the survey of that version's contract
     */
    static synchronized FieldSurvey of(ApiVersion version) {
        return SURVEYS.computeIfAbsent(version, v -> {
            String resource = "user-" + v.text() + ".schema.json";
            try (InputStream in = FieldSurvey.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("schema resource " + resource + " is missing from the classpath");
                }
                JsonNode schema = Contract.JSON.readTree(in);
                return new FieldSurvey(shape(schema, schema.path("$defs")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static Shape shape(JsonNode node, JsonNode defs) {
        JsonNode resolved = node;
        String ref = node.path("$ref").asString("");
        if (ref.startsWith("#/$defs/")) {
            resolved = defs.path(ref.substring("#/$defs/".length()));
        }
        JsonNode props = resolved.get("properties");
        if (props == null || !props.isObject()) {
            return null;
        }
        Map<String, Shape> properties = new LinkedHashMap<>();
        props.properties().forEach(e -> properties.put(e.getKey(), shape(e.getValue(), defs)));
        Set<String> required = new HashSet<>();
        resolved.path("required").forEach(r -> required.add(r.asString()));
        List<String> optional = new ArrayList<>(properties.keySet());
        optional.removeAll(required);
        return new Shape(properties, optional);
    }

    /**
     * @param record a record that is a JSON object
     * @return its unknown fields and missing optional parts
     */
    FieldDrift survey(JsonNode record) {
        List<String> unknown = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        walk(record, root, null, unknown, missing);
        return unknown.isEmpty() && missing.isEmpty() ? FieldDrift.NONE : new FieldDrift(unknown, missing);
    }

    /** Where an object walked is: its key in its parent, which is {@code null} for the record itself. */
    private record Path(Path parent, String key) {
        static String pointer(Path at) {
            return at == null ? "" : pointer(at.parent) + "/" + pointerToken(at.key);
        }
    }

    private static void walk(JsonNode value, Shape shape, Path at, List<String> unknown, List<String> missing) {
        if (shape == null || value == null || !value.isObject()) {
            return;
        }
        // A pointer is built only to be reported: a string per field (then per object) of every record was
        // most of what the survey allocated, and nearly every record reports nothing.
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            String key = field.getKey();
            if (!shape.properties().containsKey(key)) {
                if (unknown.size() < FieldDrift.MAX_POINTERS) {
                    unknown.add(Path.pointer(at) + "/" + pointerToken(key));
                }
            } else {
                Shape known = shape.properties().get(key);
                if (known != null && field.getValue().isObject()) {
                    walk(field.getValue(), known, new Path(at, key), unknown, missing);
                }
            }
        }
        List<String> optional = shape.optional();
        for (int i = 0; i < optional.size(); i++) { // by index: no iterator per object walked
            String name = optional.get(i);
            if (!value.has(name) && missing.size() < FieldDrift.MAX_POINTERS) {
                missing.add(Path.pointer(at) + "/" + pointerToken(name));
            }
        }
    }

    private static String pointerToken(String key) {
        String cut = key.length() > MAX_KEY ? key.substring(0, MAX_KEY) + "…" : key;
        return Contract.escape(cut);
    }
}

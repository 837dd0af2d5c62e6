package io.github.randomuseretl.runner.scheduler.deploy;

import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * A YAML document as a Jackson tree with anchors and aliases resolved. Jackson's own {@code readTree}
 * turns an alias such as {@code environment: *etl-environment} into the string {@code "etl-environment"},
 * which would make a compose service's environment look empty; docker-compose.yml shares the runner's
 * environment between two services exactly that way.
 */
public final class Yaml {

    private static final YAMLMapper MAPPER = new YAMLMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final YAMLParser parser;
    private final Map<String, JsonNode> anchors = new HashMap<>();

    private Yaml(YAMLParser parser) {
        this.parser = parser;
    }

    public static JsonNode read(String text) {
        try (YAMLParser p = (YAMLParser) MAPPER.createParser(text)) {
            if (p.nextToken() == null) {
                return NODES.missingNode();
            }
            return new Yaml(p).value();
        }
    }

    /** Reads the value at the current token, leaving the parser on its last token. */
    private JsonNode value() {
        if (parser.isCurrentAlias()) {
            String name = parser.getString();
            JsonNode target = anchors.get(name);
            if (target == null) {
                throw new IllegalStateException("YAML alias *" + name + " before its anchor");
            }
            return target;
        }
        String anchor = parser.getObjectId();
        JsonNode node = switch (parser.currentToken()) {
            case START_OBJECT -> object();
            case START_ARRAY -> array();
            case VALUE_NULL -> NODES.nullNode();
            case VALUE_TRUE, VALUE_FALSE -> NODES.booleanNode(parser.getBooleanValue());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
            default -> NODES.stringNode(parser.getString());
        };
        if (anchor != null) {
            anchors.put(anchor, node);
        }
        return node;
    }

    private ObjectNode object() {
        ObjectNode node = NODES.objectNode();
        while (parser.nextToken() != JsonToken.END_OBJECT) {
            String key = parser.currentName();
            if (key.equals("<<")) {
                // Merge keys would need their own resolution; fail loudly rather than read them wrong.
                throw new IllegalStateException("YAML merge keys (<<) are not supported by this reader");
            }
            parser.nextToken();
            node.set(key, value());
        }
        return node;
    }

    private ArrayNode array() {
        ArrayNode node = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            node.add(value());
        }
        return node;
    }
}

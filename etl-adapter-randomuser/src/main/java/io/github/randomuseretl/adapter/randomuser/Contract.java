package io.github.randomuseretl.adapter.randomuser;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import io.github.randomuseretl.core.model.RejectionReason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON Schema contract (draft 2020-12, format assertions on): one user schema per API version and
 * the response envelope, loaded from this package's resources and compiled once per JVM. Compiled
 * schemas are immutable, so validation is thread-safe.
 */
final class Contract {

    /** Parses records strictly: a key given twice would make a record mean two things. */
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Coordinates sent as numbers keep their exact decimal digits.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * Reads responses: lenient about keys given twice inside a record, so such a record reaches the
     * validator and is quarantined instead of failing the whole batch.
     */
    static final JsonMapper STREAM = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private static final Map<ApiVersion, Schema> USERS = new EnumMap<>(ApiVersion.class);
    /**
     * Each user schema's pre-check, by the compiled schema's identity; see {@link SurelyValid}. Replaced
     * whole when a schema is compiled, so {@link #check}, called for every record on every validation
     * thread, reads it without a lock.
     */
    private static volatile Map<Schema, SurelyValid> fast = Map.of();
    private static Schema envelope;

    private Contract() {
    }

    /**
     * @param version the API version
     * @return the compiled user schema of that version
     */
    static synchronized Schema user(ApiVersion version) {
        return USERS.computeIfAbsent(version, v -> {
            String resource = "user-" + v.text() + ".schema.json";
            Schema schema = load(resource);
            SurelyValid preCheck = SurelyValid.of(STREAM.readTree(text(resource)));
            if (preCheck != null) {
                Map<Schema, SurelyValid> next = new IdentityHashMap<>(fast);
                next.put(schema, preCheck);
                fast = next;
            }
            return schema;
        });
    }

    /** @return the compiled envelope schema */
    static synchronized Schema envelope() {
        if (envelope == null) {
            envelope = load("envelope.schema.json");
        }
        return envelope;
    }

    /**
     * Validates and turns every error into a reason whose pointer names the offending value (for a
     * missing property, the property itself). A record the schema's pre-check finds surely valid
     * skips networknt (most real records: networknt built a path object per value visited); every
     * other record, and every reason, is networknt's.
     *
     * @param schema the compiled schema
     * @param node   the instance
     * @return the reasons, empty if the instance conforms
     */
    static List<RejectionReason> check(Schema schema, JsonNode node) {
        SurelyValid preCheck = fast.get(schema);
        if (preCheck != null && preCheck.test(node)) {
            return new ArrayList<>(0);
        }
        return checkWithNetworknt(schema, node);
    }

    /**
     * As {@link #check}, always by networknt: the authority the pre-check is held to.
     *
     * @param schema the compiled schema
     * @param node   the instance
     * @return the reasons, empty if the instance conforms
     */
    static List<RejectionReason> checkWithNetworknt(Schema schema, JsonNode node) {
        List<Error> errors = schema.validate(node);
        List<RejectionReason> reasons = new ArrayList<>(errors.size());
        for (Error e : errors) {
            String pointer = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
            String message = e.getMessage();
            if ("required".equals(e.getKeyword()) && e.getProperty() != null) {
                pointer = pointer + "/" + escape(e.getProperty());
                message = "is required";
            }
            reasons.add(new RejectionReason(pointer, message));
        }
        return reasons;
    }

    /** Escapes one reference token of a JSON pointer (RFC 6901). */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static Schema load(String resource) {
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_POINTER)
                .locale(Locale.ENGLISH)
                .errorMessageKeyword("message")
                .preloadSchema(true)
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemaRegistryConfig(config));
        Schema schema = registry.getSchema(text(resource), InputFormat.JSON);
        schema.initializeValidators();
        return schema;
    }

    private static String text(String resource) {
        try (InputStream in = Contract.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read schema resource " + resource, e);
        }
    }
}

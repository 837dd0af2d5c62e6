package io.github.randomuseretl.adapter.randomuser;

import io.github.randomuseretl.core.model.RejectionReason;
import io.github.randomuseretl.core.model.User;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The stages {@link JsonSchemaUserValidator#validate} runs, one at a time, so benchmarks and
 * diagnostics can measure each from outside the adapter: reading a record's text into a tree, checking
 * the tree against the contract (with the pre-check, or by networknt alone), and mapping a valid tree
 * to the core {@link User}. Each stage is the
 * one the validator calls, not a copy. Thread-safe.
 */
public final class ValidationStages {

    private final com.networknt.schema.Schema schema;
    private final UserMapper mapper;

    private ValidationStages(ApiVersion version, boolean keepPasswordHash, Clock clock) {
        this.schema = Contract.user(Objects.requireNonNull(version, "version"));
        this.mapper = new UserMapper(keepPasswordHash, clock);
    }

    /**
     * @param version          the API version whose contract applies
     * @param keepPasswordHash whether mapped users keep their salted SHA-256 digest
     * @param clock            the clock dates must not be after
     * @return the stages, as a validator with these settings runs them
     */
    public static ValidationStages of(ApiVersion version, boolean keepPasswordHash, Clock clock) {
        return new ValidationStages(version, keepPasswordHash, clock);
    }

    /**
     * @param text a record's text
     * @return its tree, or {@code null} if the text is not one whole JSON value
     */
    public JsonNode read(String text) {
        return RecordReader.read(text).root();
    }

    /**
     * @param record a record's tree
     * @return what the JSON Schema contract finds wrong with it, empty if nothing
     */
    public List<RejectionReason> check(JsonNode record) {
        return Contract.check(schema, record);
    }

    /**
     * @param record a record's tree
     * @return what networknt alone finds wrong with it: {@link #check} without the schema pre-check
     *         that lets surely valid records skip networknt, for comparison
     */
    public List<RejectionReason> checkByNetworknt(JsonNode record) {
        return Contract.checkWithNetworknt(schema, record);
    }

    /**
     * @param record a record's tree that the contract accepts
     * @return the user, or {@code null} if the mapper finds a reason of its own
     */
    public User map(JsonNode record) {
        return mapper.map(record, new ArrayList<>());
    }
}

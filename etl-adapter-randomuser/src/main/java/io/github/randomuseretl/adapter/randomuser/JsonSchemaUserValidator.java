package io.github.randomuseretl.adapter.randomuser;

import com.networknt.schema.Schema;
import io.github.randomuseretl.core.model.FieldDrift;
import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.RejectionReason;
import io.github.randomuseretl.core.model.User;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.port.UserValidator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * Checks a randomuser.me record against the JSON Schema contract of its API version (networknt,
 * draft 2020-12, format assertions on) and maps it to the core {@link User}.
 *
 * <p>What is accepted: every record of API 1.3 and 1.4 as the API really sends it, including postcodes
 * as numbers or text, {@code id.value} null, non-ASCII names and empty passwords. Only {@code login}
 * (its {@code uuid} and {@code username}), {@code name}, {@code email} and {@code nat} are required:
 * the other top-level fields may be missing, as when the API was asked to leave them out with
 * {@code inc}/{@code exc}, and map to {@code null}. Users of the fictional nationality {@code LEGO} are
 * accepted without a country. What is rejected, with every reason as a JSON pointer and a message:
 * text that is not a JSON object, missing required fields, a field that is there but incomplete, wrong
 * types, malformed uuids, e-mails, URLs and dates, dates in the future or out of order, unknown
 * nationalities, coordinates and time-zone offsets out of range, strings longer than the contract's
 * maximum lengths, records shaped like API 1.0 to 1.2, and what {@link RecordReader} finds in the text
 * itself (not JSON or cut off, a key twice, too deep, a number out of range, text that is not valid
 * Unicode or holds NUL), each named by its pointer.
 *
 * <p>Credentials never leave the adapter: the mapped user carries no password, salt or hash, except
 * the salted SHA-256 digest when {@code keepPasswordHash} is on. A rejected record is handed back as
 * its own text with only the credential values replaced in place ({@link Credentials}); the contract
 * judges nothing of those values that the replacement does not keep, so the quarantined text gets the
 * same verdict when it is replayed.
 *
 * <p>Construction compiles the schema (start-up work); {@link #validate} is thread-safe and never
 * throws for bad input.
 */
public final class JsonSchemaUserValidator implements UserValidator {

    private final ApiVersion version;
    private final Schema schema;
    private final UserMapper mapper;
    private final FieldSurvey survey;
    private final UnknownFields unknownFields;

    /**
     * A validator that judges dates against the system clock.
     *
     * @param version          the API version whose contract applies
     * @param keepPasswordHash whether accepted users keep their salted SHA-256 digest
     */
    public JsonSchemaUserValidator(ApiVersion version, boolean keepPasswordHash) {
        this(version, keepPasswordHash, Clock.systemUTC());
    }

    /**
     * @param version          the API version whose contract applies
     * @param keepPasswordHash whether accepted users keep their salted SHA-256 digest
     * @param clock            the clock dates must not be after
     */
    public JsonSchemaUserValidator(ApiVersion version, boolean keepPasswordHash, Clock clock) {
        this(version, keepPasswordHash, clock, UnknownFields.RECORD);
    }

    /**
     * @param version          the API version whose contract applies
     * @param keepPasswordHash whether accepted users keep their salted SHA-256 digest
     * @param clock            the clock dates must not be after
     * @param unknownFields    what a field the contract does not know does to its record
     */
    public JsonSchemaUserValidator(ApiVersion version, boolean keepPasswordHash, Clock clock, UnknownFields unknownFields) {
        this.version = Objects.requireNonNull(version, "version");
        this.schema = Contract.user(version);
        this.mapper = new UserMapper(keepPasswordHash, clock);
        this.survey = FieldSurvey.of(version);
        this.unknownFields = Objects.requireNonNull(unknownFields, "unknownFields");
    }

    /**
     * @param settings      the adapter's settings (API version, whether to keep the password digest)
     * @param unknownFields what a field the contract does not know does to its record
     * @param clock         the clock dates must not be after
     * @return the validator
     */
    public static JsonSchemaUserValidator from(RandomUserSettings settings, UnknownFields unknownFields, Clock clock) {
        return new JsonSchemaUserValidator(settings.apiVersion(), settings.keepPasswordHash(), clock, unknownFields);
    }

    /**
     * @param settings the adapter's settings (API version, whether to keep the password digest)
     * @param clock    the clock dates must not be after
     * @return the validator
     */
    public static JsonSchemaUserValidator from(RandomUserSettings settings, Clock clock) {
        return new JsonSchemaUserValidator(settings.apiVersion(), settings.keepPasswordHash(), clock);
    }

    /** @return the API version whose contract applies */
    public ApiVersion version() {
        return version;
    }

    @Override
    public Validation validate(RawRecord record) {
        RecordReader.Result read = RecordReader.read(record.payload());
        List<RejectionReason> reasons = new ArrayList<>(read.reasons());
        JsonNode root = read.root();
        if (root == null) {
            return reject(record, reasons);
        }
        if (!root.isObject()) {
            reasons.add(new RejectionReason("", "must be a JSON object, got " + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
            return reject(record, reasons);
        }
        // Schema drift (FieldSurvey): counted with the run, or a reason of its own under reject.
        FieldDrift drift = survey.survey(root);
        if (unknownFields == UnknownFields.REJECT) {
            drift.unknown().forEach(p -> reasons.add(new RejectionReason(p, "unknown field")));
        }
        // The reader's reasons come first; the schema's about the same values add nothing.
        int own = reasons.size();
        for (RejectionReason r : Contract.check(schema, root)) {
            if (!coveredBy(r.pointer(), reasons, own)) {
                reasons.add(r);
            }
        }
        // The mapper skips values already reported and adds what a schema cannot check; null if any reason.
        User user = mapper.map(root, reasons);
        if (user != null) {
            return new Validation.Accepted(user, drift);
        }
        String legacy = legacyShape(root);
        if (legacy != null) {
            reasons.add(0, new RejectionReason("", legacy));
        }
        Validation.Rejected rejected = reject(record, reasons);
        return new Validation.Rejected(rejected.record(), rejected.reasons(), drift);
    }

    /** Whether a reason's pointer is at or below one of the first {@code count} reasons'. */
    private static boolean coveredBy(String pointer, List<RejectionReason> reasons, int count) {
        for (int i = 0; i < count; i++) {
            String p = reasons.get(i).pointer();
            if (p.isEmpty() || pointer.equals(p) || pointer.startsWith(p + "/")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The rejection: the record's own text with credential values redacted in place (see
     * {@link Credentials}), and the reasons as they are. No reason quotes a value of the record (the
     * reader's, the schema's and the mapper's messages are fixed text), so none can quote a credential,
     * and nothing is taken out of a message: taking a password's text out of messages would also change
     * innocent words ("mail" in "e-mail") that the redacted copy, holding no password, keeps on replay.
     */
    private static Validation.Rejected reject(RawRecord record, List<RejectionReason> reasons) {
        // Credential values the contract itself rejected (a digest kept on opt-in) keep that in their redaction.
        java.util.Set<String> rejected = new java.util.HashSet<>();
        for (RejectionReason r : reasons) {
            if (r.message().endsWith(UserMapper.DIGEST_SETTING)) {
                rejected.add(r.pointer());
            }
        }
        String redacted = Credentials.redact(record.payload(), rejected);
        return new Validation.Rejected(new RawRecord(redacted, record.origin()), reasons);
    }

    /** Names the API 1.0-1.2 shape, which differs from 1.3/1.4 in more than one field. */
    private static String legacyShape(JsonNode root) {
        JsonNode street = root.at("/location/street");
        JsonNode dob = root.get("dob");
        JsonNode registered = root.get("registered");
        boolean plainStreet = street.isString();
        // A null is no shape of any version, just a wrong value: its own reason says so.
        boolean plainDates = plainValue(dob) || plainValue(registered);
        if (!plainStreet && !plainDates) {
            return null;
        }
        return "has the shape of randomuser.me API 1.0 to 1.2 (" + (plainStreet ? "location.street is text" : "dob/registered are plain values")
                + "); only API 1.3 and 1.4 records are accepted";
    }

    private static boolean plainValue(JsonNode n) {
        return n != null && n.isValueNode() && !n.isNull();
    }
}

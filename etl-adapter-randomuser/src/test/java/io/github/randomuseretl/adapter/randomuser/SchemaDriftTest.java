package io.github.randomuseretl.adapter.randomuser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.model.FieldDrift;
import io.github.randomuseretl.core.model.RejectionReason;
import io.github.randomuseretl.core.model.Validation;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Unknown fields and missing optional parts are told per record, as JSON pointers; reject mode quarantines unknown fields. */
class SchemaDriftTest {

    private final JsonSchemaUserValidator recording = new JsonSchemaUserValidator(ApiVersion.V1_4, false);
    private final JsonSchemaUserValidator rejecting = new JsonSchemaUserValidator(ApiVersion.V1_4, false, java.time.Clock.systemUTC(),
            UnknownFields.REJECT);

    private static ObjectNode withPlusCode() {
        ObjectNode r = FixtureRecords.single();
        ((ObjectNode) r.get("location")).put("plus_code", "9F4MGCH7+2Q");
        r.put("pronouns", "she/her");
        return r;
    }

    @Test
    void aRecordAsTheContractDescribesItHasNoDrift() {
        assertEquals(FieldDrift.NONE, recording.validate(FixtureRecords.raw(FixtureRecords.single().toString())).drift());
    }

    @Test
    void unknownFieldsAreNamedByPointerAndTheKnownPartLoadsWhenRecording() {
        Validation v = recording.validate(FixtureRecords.raw(withPlusCode().toString()));

        Validation.Accepted accepted = assertInstanceOf(Validation.Accepted.class, v);
        assertEquals(List.of("/location/plus_code", "/pronouns"), accepted.drift().unknown());
        assertEquals(List.of(), accepted.drift().missing());
    }

    @Test
    void unknownFieldsQuarantineTheRecordWithTheReasonUnknownFieldWhenRejecting() {
        Validation v = rejecting.validate(FixtureRecords.raw(withPlusCode().toString()));

        Validation.Rejected rejected = assertInstanceOf(Validation.Rejected.class, v);
        assertEquals(List.of(new RejectionReason("/location/plus_code", "unknown field"), new RejectionReason("/pronouns", "unknown field")),
                rejected.reasons());
        assertEquals(List.of("/location/plus_code", "/pronouns"), rejected.drift().unknown());
        assertInstanceOf(Validation.Accepted.class, rejecting.validate(FixtureRecords.raw(FixtureRecords.single().toString())));
    }

    @Test
    void optionalPartsTheRecordLacksAreNamedButOnlyBelowAParentThatIsThere() {
        ObjectNode r = FixtureRecords.single();
        r.remove("phone");
        r.remove("location");

        FieldDrift drift = recording.validate(FixtureRecords.raw(r.toString())).drift();

        assertTrue(drift.missing().contains("/phone"), drift.toString());
        assertTrue(drift.missing().contains("/location"), drift.toString());
        assertTrue(drift.missing().stream().noneMatch(p -> p.startsWith("/location/")), drift.toString());
        assertEquals(List.of(), drift.unknown());
    }

    @Test
    void anUnknownFieldDeepInTheRecordIsNamedByItsWholeEscapedPointer() {
        ObjectNode r = FixtureRecords.single();
        ((ObjectNode) r.get("location").get("street")).put("a/b~c", 1);
        ((ObjectNode) r.get("location").get("timezone")).put("y".repeat(100), 1);

        FieldDrift drift = recording.validate(FixtureRecords.raw(r.toString())).drift();

        assertEquals(List.of("/location/street/a~1b~0c", "/location/timezone/" + "y".repeat(FieldSurvey.MAX_KEY) + "…"), drift.unknown().stream()
                .sorted().toList(), drift.toString());
    }

    @Test
    void aRecordCannotReportMorePointersThanTheCapNorKeysLongerThanTheCap() {
        ObjectNode r = FixtureRecords.single();
        for (int i = 0; i < 100; i++) {
            r.put("k" + i, i);
        }
        r.put("x".repeat(500), 1);

        FieldDrift drift = recording.validate(FixtureRecords.raw(r.toString())).drift();

        assertEquals(FieldDrift.MAX_POINTERS, drift.unknown().size());
        assertTrue(drift.unknown().stream().allMatch(p -> p.length() <= FieldSurvey.MAX_KEY + 2), drift.toString());
    }
}

package io.github.randomuseretl.adapter.randomuser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.RejectionReason;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.testing.PoisonRecords;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Property: whatever a real record is mutated into (types, sizes, huge and tiny numbers, Unicode edge
 * cases, keys twice, deep nesting, fields added and removed), the validator answers and never throws;
 * a rejection names where, keeps no password, and its quarantined text is judged alike on replay; and
 * validating one record never allocates more than a few MiB, whatever it claims.
 */
class ValidatorFuzzTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final JsonSchemaUserValidator PLAIN = new JsonSchemaUserValidator(ApiVersion.V1_4, false, CLOCK);
    private static final JsonSchemaUserValidator KEEPING_DIGEST = new JsonSchemaUserValidator(ApiVersion.V1_4, true, CLOCK);
    private static final Pattern PASSWORD = Pattern.compile("\"password\":\"([^\"\\\\]{6,})\"");
    /** A record is at most 64 KiB; parsing and checking it may cost a few times that, never what it claims. */
    private static final long MAX_ALLOCATED_BYTES = 32L << 20;

    private static final List<String> RECORDS = new ArrayList<>();

    static {
        RECORDS.addAll(PoisonRecords.records("v1.4/seed-fixture-results-500-page-1.json").subList(0, 60));
        RECORDS.addAll(PoisonRecords.records("v1.4/password-charset-results-20.json"));
        RECORDS.addAll(PoisonRecords.records("v1.4/lego-results-50.json").subList(0, 10));
        RECORDS.addAll(PoisonRecords.records(FixtureRecords.INC_SUBSET).subList(0, 10));
    }

    @Provide
    Arbitrary<String> records() {
        return Arbitraries.of(RECORDS);
    }

    // A fixed seed keeps CI reproducible; change it to explore (random seeds once found a broken credential
    // value and a password inside a message that replayed differently: PoisonRecordTest pins both).
    @Property(tries = 600, seed = "20261201")
    void theValidatorAnswersEveryPoisonRecordAndItsQuarantinedTextReplaysAlike(@ForAll("records") String record, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 4) int mutations, @ForAll boolean keepDigest) {
        JsonSchemaUserValidator validator = keepDigest ? KEEPING_DIGEST : PLAIN;
        String poison = PoisonRecords.mutate(record, seed, mutations);
        RawRecord raw = new RawRecord(poison, new RawRecord.Origin("fuzz", 1, 0));

        long before = allocated();
        Validation verdict = validator.validate(raw);
        long cost = allocated() - before;
        assertTrue(cost < MAX_ALLOCATED_BYTES, () -> "validating " + poison.length() + " chars allocated " + cost + " bytes");

        if (verdict instanceof Validation.Rejected rejected) {
            for (RejectionReason r : rejected.reasons()) {
                assertTrue(r.pointer().isEmpty() || r.pointer().startsWith("/"), r::toString);
            }
            Matcher m = PASSWORD.matcher(record);
            if (m.find()) {
                String password = m.group(1);
                assertFalse(rejected.record().payload().contains("\"" + password + "\""), "the password is redacted");
                assertFalse(rejected.reasons().toString().contains(password), "no reason quotes the password");
            }
            Validation replayed = validator.validate(rejected.record());
            Validation.Rejected again = assertInstanceOf(Validation.Rejected.class, replayed, () -> "replay accepted " + poison);
            assertEquals(rejected.reasons(), again.reasons(), () -> "replay judged differently: " + poison);
        }
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}

package io.github.randomuseretl.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.model.RejectionReason;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.model.User;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.pipeline.EtlPipeline;
import io.github.randomuseretl.core.pipeline.QualityGate;
import io.github.randomuseretl.core.port.QuarantinedRecord;
import io.github.randomuseretl.core.port.SinkException;
import io.github.randomuseretl.core.port.SlotClaim;
import io.github.randomuseretl.core.port.UserValidator;
import io.github.randomuseretl.core.run.LoadCounts;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunRequest;
import io.github.randomuseretl.core.run.RunStatus;
import io.github.randomuseretl.core.run.Trigger;
import io.github.randomuseretl.core.testing.Batch;
import io.github.randomuseretl.core.testing.ListUserSource;
import io.github.randomuseretl.core.testing.MutableClock;
import io.github.randomuseretl.core.testing.Outcomes;
import io.github.randomuseretl.core.testing.TestDatabase;
import io.github.randomuseretl.core.testing.TestUsers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Loads against a real PostgreSQL: exact counts, idempotent reloads, SCD2 history, quarantine. */
class PostgresUserSinkIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @RegisterExtension
    final MigratedSchema migrated = new MigratedSchema(DB, "sink");

    private final MutableClock clock = migrated.clock();
    private final String schema = migrated.schema();
    private PostgresUserSink sink;

    @BeforeEach
    void sink() {
        sink = new PostgresUserSink(migrated.db(), clock);
    }

    private RunRequest request(String slot) {
        return migrated.request("randomuser", slot);
    }

    private static Validation.Rejected rejected(int n, String payload, String pointer, String message) {
        return new Validation.Rejected(TestUsers.raw(n, payload), List.of(new RejectionReason(pointer, message)));
    }

    @Test
    void loadsNewUsersCountsThemInsertedAndRecordsTheRun() {
        List<User> users = List.of(SampleUsers.varied(0, 1), SampleUsers.varied(9, 1), SampleUsers.varied(10, 1));
        RunRequest request = request("2026-03-01T10:00Z");
        RunReport report = Pg.writeAll(sink, request,
                new Batch(users, List.of(rejected(3, "{\"login\":{}}", "/login/uuid", "required"))), clock.instant());

        assertEquals(new LoadCounts(3, 0, 0, 1), report.counts());
        assertEquals(RunStatus.SUCCEEDED, report.status());
        assertEquals(3, Pg.count(DB, "SELECT count(*) FROM " + schema + ".users"));
        assertEquals(3, Pg.count(DB, "SELECT count(*) FROM " + schema + ".users_history WHERE is_current AND valid_to IS NULL"));
        assertEquals(0, Pg.count(DB, "SELECT count(*) FROM " + schema + ".users_stage"), "staging rows never outlive the load");
        assertEquals("succeeded|3|0|0|1|4", Pg.text(DB, "SELECT concat_ws('|', status, inserted, updated, unchanged, rejected, fetched) FROM "
                + schema + ".etl_runs WHERE run_id = '" + report.runId() + "'"));

        // Every attribute lands in its proper type, non-ASCII text and tabs intact.
        User canadian = users.get(1);
        assertEquals(canadian.location().streetName(), Pg.text(DB, "SELECT street_name FROM " + schema + ".users WHERE uuid = '" + canadian.uuid() + "'"));
        assertTrue(canadian.location().streetName().contains("\t"));
        User ukrainian = SampleUsers.varied(0, 1);
        assertEquals(ukrainian.name().first() + " " + ukrainian.location().city(),
                Pg.text(DB, "SELECT first_name || ' ' || city FROM " + schema + ".users WHERE uuid = '" + ukrainian.uuid() + "'"));
        User lego = users.get(2);
        assertNull(lego.location().country());
        assertEquals("LEGO|true", Pg.text(DB, "SELECT nationality || '|' || (country IS NULL) FROM " + schema + ".users WHERE uuid = '" + lego.uuid() + "'"));
        assertEquals(0, lego.location().coordinates().latitude().compareTo(new java.math.BigDecimal(
                Pg.text(DB, "SELECT latitude::text FROM " + schema + ".users WHERE uuid = '" + lego.uuid() + "'"))));
        assertEquals(lego.dateOfBirth().toEpochMilli(), Pg.count(DB, "SELECT (extract(epoch FROM date_of_birth) * 1000)::bigint FROM "
                + schema + ".users WHERE uuid = '" + lego.uuid() + "'"));
        assertEquals(report.runId().toString(), Pg.text(DB, "SELECT last_run_id::text FROM " + schema + ".users WHERE uuid = '" + lego.uuid() + "'"));
    }

    @Test
    void loadingTheSameBatchTwiceTouchesNoRowAndCountsEveryUserUnchanged() {
        List<User> users = SampleUsers.many(50, 2);
        RunReport first = Pg.writeAll(sink, request("2026-03-01T10:00Z"), new Batch(users, List.of()), clock.instant());
        String before = Pg.text(DB, "SELECT string_agg(uuid || ctid::text || xmin::text, ',' ORDER BY uuid) FROM " + schema + ".users");
        clock.advance(Duration.ofMinutes(1));

        RunReport second = Pg.writeAll(sink, request("2026-03-01T10:01Z"), new Batch(users, List.of()), clock.instant());

        assertEquals(new LoadCounts(50, 0, 0, 0), first.counts());
        assertEquals(new LoadCounts(0, 0, 50, 0), second.counts());
        assertEquals(before, Pg.text(DB, "SELECT string_agg(uuid || ctid::text || xmin::text, ',' ORDER BY uuid) FROM " + schema + ".users"),
                "no row was written again");
        assertEquals(50, Pg.count(DB, "SELECT count(*) FROM " + schema + ".users_history"));
        assertEquals(50, Pg.count(DB, "SELECT count(*) FROM " + schema + ".users WHERE last_run_id = '" + first.runId() + "'"));
    }

    @Test
    void changedUserIsUpdatedOnceAndGetsANewCurrentHistoryVersion() {
        User one = SampleUsers.user(1);
        User two = SampleUsers.user(2);
        User three = SampleUsers.user(3);
        Instant firstLoad = clock.instant();
        RunReport first = Pg.writeAll(sink, request("2026-03-01T10:00Z"), new Batch(List.of(one, two, three), List.of()), clock.instant());
        clock.advance(Duration.ofMinutes(1));
        Instant secondLoad = clock.instant();

        User movedOne = SampleUsers.withEmail(one, "new.address@example.com");
        User sameTwoOtherScale = SampleUsers.withLatitude(two, "52.52000");
        User movedThree = SampleUsers.withLatitude(three, "52.5201");
        RunReport second = Pg.writeAll(sink, request("2026-03-01T10:01Z"),
                new Batch(List.of(movedOne, sameTwoOtherScale, movedThree, SampleUsers.user(4)), List.of()), clock.instant());

        assertEquals(new LoadCounts(3, 0, 0, 0), first.counts());
        assertEquals(new LoadCounts(1, 2, 1, 0), second.counts(), "52.5200 and 52.52000 are the same latitude");
        String q = "SELECT string_agg(concat_ws('|', email, is_current, valid_from = '" + firstLoad + "', valid_to), ';' ORDER BY valid_from) FROM " + schema + ".users_history WHERE uuid = '" + one.uuid() + "'";
        assertEquals("anna1@example.com|f|t|" + Pg.text(DB, "SELECT '" + secondLoad + "'::timestamptz::text") + ";new.address@example.com|t|f",
                Pg.text(DB, q));
        assertEquals("new.address@example.com", Pg.text(DB, "SELECT email FROM " + schema + ".users WHERE uuid = '" + one.uuid() + "'"));
        assertEquals(second.runId().toString(), Pg.text(DB, "SELECT last_run_id::text FROM " + schema + ".users WHERE uuid = '" + one.uuid() + "'"));
        assertEquals(first.runId().toString(), Pg.text(DB, "SELECT last_run_id::text FROM " + schema + ".users WHERE uuid = '" + two.uuid() + "'"));
        assertEquals(0, Pg.count(DB, "SELECT count(*) FROM (SELECT uuid FROM " + schema + ".users_history WHERE is_current GROUP BY uuid HAVING count(*) > 1) d"));
        assertEquals(4, Pg.count(DB, "SELECT count(*) FROM " + schema + ".users_history WHERE is_current"));
        assertEquals(6, Pg.count(DB, "SELECT count(*) FROM " + schema + ".users_history"));
        // The current version always equals the users row.
        assertEquals(0, Pg.count(DB, "SELECT count(*) FROM " + schema + ".users u JOIN " + schema
                + ".users_history h ON h.uuid = u.uuid AND h.is_current WHERE h.row_hash <> u.row_hash"));
    }

    @Test
    void aNarrowUserLoadsIsUnchangedOnReloadAndItsFullVersionLaterIsAnUpdate() {
        User narrow = SampleUsers.narrow(1);
        User full = SampleUsers.user(1);
        String leftOut = "concat_ws('|', gender IS NULL, date_of_birth IS NULL, registered_at IS NULL, phone IS NULL, cell IS NULL, "
                + "num_nulls(street_number, street_name, city, state, country, postcode, latitude, longitude, tz_offset, tz_description), "
                + "num_nulls(national_id_name, national_id_value), num_nulls(picture_large, picture_medium, picture_thumbnail), "
                + "username, first_name, email, nationality)";
        RunReport first = Pg.writeAll(sink, request("2026-03-01T10:00Z"), new Batch(List.of(narrow, SampleUsers.user(2)), List.of()), clock.instant());
        String written = Pg.text(DB, "SELECT xmin::text || ctid::text FROM " + schema + ".users WHERE uuid = '" + narrow.uuid() + "'");
        clock.advance(Duration.ofMinutes(1));
        RunReport reload = Pg.writeAll(sink, request("2026-03-01T10:01Z"), new Batch(List.of(SampleUsers.narrow(1), SampleUsers.user(2)), List.of()),
                clock.instant());

        assertEquals(new LoadCounts(2, 0, 0, 0), first.counts());
        assertEquals("t|t|t|t|t|10|2|3|user1|Anna1|anna1@example.com|DE",
                Pg.text(DB, "SELECT " + leftOut + " FROM " + schema + ".users WHERE uuid = '" + narrow.uuid() + "'"));
        assertEquals(new LoadCounts(0, 0, 2, 0), reload.counts(), "the same narrow user hashes the same");
        assertEquals(written, Pg.text(DB, "SELECT xmin::text || ctid::text FROM " + schema + ".users WHERE uuid = '" + narrow.uuid() + "'"),
                "no row was written again");

        clock.advance(Duration.ofMinutes(1));
        RunReport widened = Pg.writeAll(sink, request("2026-03-01T10:02Z"), new Batch(List.of(full), List.of()), clock.instant());

        assertEquals(new LoadCounts(0, 1, 0, 0), widened.counts());
        assertEquals("f|f|f|f|f|0|0|0|user1|Anna1|anna1@example.com|DE",
                Pg.text(DB, "SELECT " + leftOut + " FROM " + schema + ".users WHERE uuid = '" + full.uuid() + "'"));
        assertEquals("t|f;f|t", Pg.text(DB, "SELECT string_agg(concat_ws('|', street_name IS NULL, is_current), ';' ORDER BY valid_from) FROM "
                + schema + ".users_history WHERE uuid = '" + full.uuid() + "'"), "the narrow version closed, the full one current");
        assertEquals(full.location().city() + "|" + widened.runId(), Pg.text(DB, "SELECT city || '|' || run_id FROM " + schema
                + ".users_history WHERE is_current AND uuid = '" + full.uuid() + "'"));
    }

    @Test
    void aLeftOutPhoneAndAnEmptyOneAreDifferentVersionsWhicheverWayTheUserIsStaged() {
        for (Staging staging : Staging.values()) {
            PostgresUserSink staged = new PostgresUserSink(migrated.db(), clock, staging);
            int n = staging.ordinal() * 10;
            User empty = SampleUsers.withPhone(SampleUsers.user(n + 1), "");
            RunReport first = Pg.writeAll(staged, request("2026-03-01T1" + n / 10 + ":00Z"),
                    new Batch(List.of(empty, SampleUsers.narrow(n + 2)), List.of()), clock.instant());
            clock.advance(Duration.ofMinutes(1));
            RunReport second = Pg.writeAll(staged, request("2026-03-01T1" + n / 10 + ":01Z"),
                    new Batch(List.of(SampleUsers.withPhone(empty, null), SampleUsers.narrow(n + 2)), List.of()), clock.instant());

            assertEquals(new LoadCounts(2, 0, 0, 0), first.counts(), staging.name());
            assertEquals(new LoadCounts(0, 1, 1, 0), second.counts(), staging.name());
            assertEquals("'';NULL", Pg.text(DB, "SELECT string_agg(quote_nullable(phone), ';' ORDER BY valid_from) FROM "
                    + schema + ".users_history WHERE uuid = '" + empty.uuid() + "'"), staging.name());
            assertEquals("t|t|t", Pg.text(DB, "SELECT concat_ws('|', street_number IS NULL, date_of_birth IS NULL, picture_large IS NULL) FROM "
                    + schema + ".users WHERE uuid = '" + SampleUsers.narrow(n + 2).uuid() + "'"), staging.name());
        }
    }

    @Test
    void quarantineKeepsEveryRejectionWithCredentialsRedactedAndReasons() {
        String withPassword = "{\"login\":{\"uuid\":\"x\",\"username\":\"bob\",\"password\":\"hunter2\",\"salt\":\"NaCl\","
                + "\"md5\":\"5f4dcc3b5aa765d61d8327deb882cf99\",\"sha1\":\"aa\",\"sha256\":\"bb\"},\"email\":\"not-an-email\"}";
        String truncated = "{\"login\":{\"password\":\"hunter2\",\"username\":\"al";
        List<Validation.Rejected> rejections = List.of(
                new Validation.Rejected(TestUsers.raw(0, withPassword), List.of(new RejectionReason("/email", "must contain @"),
                        new RejectionReason("/login/uuid", "must be a UUID"))),
                rejected(1, truncated, "", "not JSON: unexpected end of input"),
                rejected(2, "nul\0byte", "", "not JSON"));
        RunReport report = Pg.writeAll(sink, request("2026-03-01T10:00Z"), new Batch(List.of(), rejections), clock.instant());

        assertEquals(new LoadCounts(0, 0, 0, 3), report.counts());
        String stored = Pg.text(DB, "SELECT string_agg(encode(raw_bytes, 'escape'), '\n' ORDER BY id) FROM " + schema + ".quarantine");
        assertFalse(stored.contains("hunter2"), stored);
        assertFalse(stored.contains("NaCl"), stored);
        assertFalse(stored.contains("5f4dcc3b"), stored);
        assertEquals("[redacted]|[redacted]|[redacted]|[redacted]|[redacted]|bob|not-an-email",
                Pg.text(DB, "SELECT concat_ws('|', raw->'login'->>'password', raw->'login'->>'salt', raw->'login'->>'md5', raw->'login'->>'sha1', "
                        + "raw->'login'->>'sha256', raw->'login'->>'username', raw->>'email') FROM " + schema + ".quarantine WHERE raw IS NOT NULL"));
        assertEquals("/email must contain @;/login/uuid must be a UUID", Pg.text(DB, "SELECT string_agg(r->>'pointer' || ' ' || (r->>'message'), ';') FROM "
                + schema + ".quarantine q, jsonb_array_elements(q.reasons) r WHERE q.raw IS NOT NULL"));
        assertEquals("3|3|1", Pg.text(DB, "SELECT concat_ws('|', count(*) FILTER (WHERE raw_format = 'received'), "
                + "count(*) FILTER (WHERE raw_sha256 = sha256(raw_bytes)), count(raw)) FROM " + schema + ".quarantine"));
        assertEquals(report.runId() + "|test://source page 1 #2|6e756c0062797465",
                Pg.text(DB, "SELECT concat_ws('|', run_id, origin, encode(raw_bytes, 'hex')) FROM " + schema + ".quarantine ORDER BY id DESC LIMIT 1"));
        List<QuarantinedRecord> listed = new PostgresOperations(migrated.db(), clock).quarantined(10);
        assertEquals("nul\0byte", listed.get(0).payload(), "a payload PostgreSQL cannot hold as text comes back whole");
        assertEquals(withPassword.replaceAll("\"(password|salt|md5|sha1|sha256)\":\"[^\"]*\"", "\"$1\":\"[redacted]\""), listed.get(2).payload(),
                "the record as received, only its credential values replaced");
        assertEquals(java.util.HexFormat.of().formatHex(RawPayloads.sha256(listed.get(2).payload().getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                listed.get(2).sha256());
        assertEquals(truncated.replace("hunter2", "[redacted]"), listed.get(1).payload());
    }

    @Test
    void noRecordCanFailItsBatchByWhatItHoldsAndReplayGetsBackTheExactText() {
        byte[] notUtf8 = {'{', '"', 'c', '"', ':', '"', 'B', (byte) 0xFF, '"', '}'};
        List<String> poison = List.of(
                "{\"email\":\"a@x.io\",\"email\":\"b@x.io\"}",          // a key twice: jsonb would keep only the last
                "{\"dob\":{\"age\":1e-20000}}",                              // numeric cannot hold it
                "{\"latitude\":1e-999999999}",                                // nor this, 17 bytes
                "{\"n\":\"a\\u0000b\",\"raw\":\"x\u0000y\"}",                  // NUL, escaped and raw
                "{\"name\":\"\\ud800\",\"raw\":\"\udcff\"}",                   // lone surrogates: escaped, and a byte the source could not decode
                ExactUtf8.decode(notUtf8),                                        // a byte that was not UTF-8
                "[".repeat(5000) + "]".repeat(5000),                            // deeper than jsonb goes
                "{\"cut\":\"" + "x".repeat(70_000));                           // cut off, and large
        List<Validation.Rejected> rejections = new ArrayList<>();
        for (int i = 0; i < poison.size(); i++) {
            rejections.add(rejected(i, poison.get(i), "/x", "is bad"));
        }
        RunReport report = Pg.writeAll(sink, request("2026-03-01T10:00Z"), new Batch(SampleUsers.users(1, 3), rejections), clock.instant());

        assertEquals(new LoadCounts(3, 0, 0, poison.size()), report.counts(), "every user loads beside them");
        assertEquals(3, Pg.count(DB, "SELECT count(*) FROM " + schema + ".users"));
        assertEquals(poison.size(), Pg.count(DB, "SELECT count(*) FROM " + schema + ".quarantine WHERE raw_sha256 = sha256(raw_bytes)"));
        assertEquals(0, Pg.count(DB, "SELECT count(raw) FROM " + schema + ".quarantine"), "none has a faithful jsonb copy");
        assertEquals("\\x" + java.util.HexFormat.of().formatHex(notUtf8),
                Pg.text(DB, "SELECT raw_bytes::text FROM " + schema + ".quarantine WHERE origin LIKE '% #5'"), "the bytes as received");

        List<String> replayed = new ArrayList<>();
        new PostgresQuarantineReplay(sink, 100, null).fetch(new io.github.randomuseretl.core.port.FetchRequest(
                Slot.parse("2026-03-01T10:01Z"), clock.instant().plusSeconds(50)), r -> replayed.add(r.payload()));
        assertEquals(poison, replayed, "replay re-validates the exact text: a key given twice is still there twice");
    }

    @Test
    void batchThatFailsItsQualityGateKeepsRejectionsButNoUser() {
        List<String> payloads = new ArrayList<>();
        payloads.add("user:1");
        payloads.add("broken-1");
        payloads.add("broken-2");
        RunReport report = Outcomes.report(pipeline(payloads, new QualityGate(0.5)).run(Slot.parse("2026-03-01T10:00Z"), Trigger.MANUAL));

        assertEquals(RunStatus.FAILED, report.status());
        assertEquals(0, Pg.count(DB, "SELECT count(*) FROM " + schema + ".users"));
        assertEquals(2, Pg.count(DB, "SELECT count(*) FROM " + schema + ".quarantine"));
        assertEquals("failed|0|2", Pg.text(DB, "SELECT concat_ws('|', status, inserted, rejected) FROM " + schema + ".etl_runs"));
    }

    @Test
    void pipelineRunsASlotOnceAndReturnsTheRecordedReportAfterwards() {
        List<String> payloads = List.of("user:1", "user:2", "user:2", "junk");
        EtlPipeline pipeline = pipeline(payloads, null);
        RunReport first = Outcomes.report(pipeline.run(Slot.parse("2026-03-01T10:00Z"), Trigger.SCHEDULE));
        clock.advance(Duration.ofSeconds(5));
        RunReport again = Outcomes.report(pipeline.run(Slot.parse("2026-03-01T10:00Z"), Trigger.SCHEDULE));

        assertEquals(RunStatus.SUCCEEDED, first.status(), first.error());
        assertEquals(new LoadCounts(2, 0, 0, 2), first.counts(), "the duplicate uuid and the junk record are quarantined");
        assertEquals(first, again, "the second run returns the report as recorded, without running");
        assertEquals(1, Pg.count(DB, "SELECT count(*) FROM " + schema + ".etl_runs"));
        assertEquals("list", Pg.text(DB, "SELECT parameters->>'source' FROM " + schema + ".etl_runs"));
    }

    @Test
    void aBatchPostgresCannotStoreIsRefusedBeforeAnythingIsWritten() {
        RunRequest request = request("2026-03-01T10:00Z");
        SlotClaim.Claimed claim = Pg.claimed(sink.claim(request));
        User evil = SampleUsers.withEmail(SampleUsers.user(1), "a\0b@example.com");
        SinkException e = assertThrows(SinkException.class, () -> Pg.write(claim,
                new Batch(List.of(SampleUsers.user(2), evil), List.of()), Pg.succeeded(claim, request, 2, clock.instant())));

        assertTrue(e.getMessage().contains("email holds U+0000"), e.getMessage());
        assertEquals(0, Pg.count(DB, "SELECT count(*) FROM " + schema + ".users"));
        claim.load().fail(Pg.failed(claim, request, e.getMessage(), clock.instant()));
        assertEquals("failed", Pg.text(DB, "SELECT status FROM " + schema + ".etl_runs"));
    }

    @Test
    void aFailedRunCannotBeWrittenOrFailedAgain() {
        RunRequest request = request("2026-03-01T10:00Z");
        SlotClaim.Claimed claim = Pg.claimed(sink.claim(request));
        claim.load().fail(Pg.failed(claim, request, "source: HTTP 503", clock.instant()));

        SinkException write = assertThrows(SinkException.class, () -> Pg.write(claim,
                new Batch(List.of(SampleUsers.user(1)), List.of()), Pg.succeeded(claim, request, 1, clock.instant())));
        assertTrue(write.getMessage().contains("is failed, not running"), write.getMessage());
        assertThrows(SinkException.class, () -> claim.load().fail(Pg.failed(claim, request, "again", clock.instant())));
        assertEquals(0, Pg.count(DB, "SELECT count(*) FROM " + schema + ".users"));
        assertEquals("failed|source: HTTP 503", Pg.text(DB, "SELECT status || '|' || error FROM " + schema + ".etl_runs"));
        // The slot may be retried.
        assertEquals(2, Pg.claimed(sink.claim(request("2026-03-01T10:00Z"))).attempt());
    }

    private EtlPipeline pipeline(List<String> payloads, QualityGate gate) {
        List<io.github.randomuseretl.core.model.RawRecord> records = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            records.add(TestUsers.raw(i, payloads.get(i)));
        }
        UserValidator validator = record -> record.payload().startsWith("user:")
                ? new Validation.Accepted(TestUsers.user(Integer.parseInt(record.payload().substring(5))))
                : new Validation.Rejected(record, List.of(new RejectionReason("", "not a user")));
        return EtlPipeline.builder().source(new ListUserSource(records)).validator(validator).sink(sink).clock(clock)
                .qualityGate(gate).build();
    }
}

package io.github.randomuseretl.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.RejectionReason;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.model.User;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.pipeline.EtlPipeline;
import io.github.randomuseretl.core.port.FetchRequest;
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
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator's calls: recent runs, the quarantine and its replay, pruning, health. */
class PostgresOperationsIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @RegisterExtension
    final MigratedSchema migrated = new MigratedSchema(DB, "ops");

    private final MutableClock clock = migrated.clock();
    private final String schema = migrated.schema();
    private PostgresUserSink sink;
    private PostgresOperations ops;

    @BeforeEach
    void sinkAndOperations() {
        sink = new PostgresUserSink(migrated.db(), clock);
        ops = new PostgresOperations(migrated.db(), clock);
    }

    private RunRequest request(String pipeline, String slot) {
        return migrated.request(pipeline, slot);
    }

    @Test
    void latestRunsComeNewestFirstWithTheirStatusAndCounts() {
        RunReport ok = Pg.writeAll(sink, request("randomuser", "2026-03-01T10:00Z"), new Batch(SampleUsers.users(1, 2), List.of()), clock.instant());
        clock.advance(Duration.ofMinutes(1));
        RunRequest failing = request("randomuser", "2026-03-01T10:01Z");
        SlotClaim.Claimed failed = Pg.claimed(sink.claim(failing));
        failed.load().fail(Pg.failed(failed, failing, "source: HTTP 503", clock.instant()));
        clock.advance(Duration.ofMinutes(1));
        SlotClaim.Claimed running = Pg.claimed(sink.claim(request("other", "2026-03-01T10:02Z")));

        List<RunReport> latest = ops.latestRuns(10);

        assertEquals(List.of(running.runId(), failed.runId(), ok.runId()), latest.stream().map(RunReport::runId).toList());
        assertEquals(List.of(RunStatus.RUNNING, RunStatus.FAILED, RunStatus.SUCCEEDED), latest.stream().map(RunReport::status).toList());
        assertEquals(ok, latest.get(2));
        assertEquals("source: HTTP 503", latest.get(1).error());
        assertEquals(2, ops.latestRuns(2).size());
        assertEquals(Optional.of(ok), ops.run(ok.runId()));
        assertThrows(IllegalArgumentException.class, () -> ops.latestRuns(0));
    }

    @Test
    void lastSuccessIsTheFinishOfThePipelinesLatestSucceededRun() {
        assertEquals(Optional.empty(), ops.lastSuccessAt("randomuser"));
        Pg.writeAll(sink, request("randomuser", "2026-03-01T10:00Z"), new Batch(List.of(), List.of()), clock.instant().plusSeconds(3));
        clock.advance(Duration.ofMinutes(1));
        RunReport later = Pg.writeAll(sink, request("randomuser", "2026-03-01T10:01Z"), new Batch(List.of(), List.of()), clock.instant().plusSeconds(4));
        Pg.writeAll(sink, request("other", "2026-03-01T10:05Z"), new Batch(List.of(), List.of()), clock.instant().plusSeconds(600));

        assertEquals(Optional.of(later.finishedAt()), ops.lastSuccessAt("randomuser"));
        assertTrue(ops.ping());
    }

    @Test
    void quarantineListsNewestFirstAndFiltersByRun() {
        RunReport first = Pg.writeAll(sink, request("randomuser", "2026-03-01T10:00Z"), new Batch(List.of(), List.of(
                rejected(0, "{\"a\":1}"), rejected(1, "{\"a\":2}"))), clock.instant());
        RunReport second = Pg.writeAll(sink, request("randomuser", "2026-03-01T10:01Z"), new Batch(List.of(), List.of(
                rejected(2, "{\"a\":3}"))), clock.instant());

        List<QuarantinedRecord> all = ops.quarantined(10);
        assertEquals(List.of("{\"a\":3}", "{\"a\":2}", "{\"a\":1}"), all.stream().map(QuarantinedRecord::payload).toList(),
                "each as it was received");
        assertEquals(second.runId(), all.get(0).runId());
        assertEquals(List.of(new RejectionReason("/login/uuid", "is required")), all.get(0).reasons());
        assertEquals("test://source page 1 #2", all.get(0).origin());
        assertFalse(all.get(0).replayed());
        assertEquals(2, ops.quarantined(10, first.runId()).size());
        assertEquals(1, ops.quarantined(1).size());
    }

    @Test
    void pruneDeletesOldRunsAndQuarantineRowsAndKeepsRecentOnesAndEveryUser() {
        Pg.writeAll(sink, request("randomuser", "2026-01-01T10:00Z"), new Batch(SampleUsers.users(1, 2), List.of(rejected(0, "{}"), rejected(1, "{}"))),
                clock.instant());
        clock.set(Instant.parse("2026-03-01T10:00:00Z").plus(Duration.ofDays(20)));
        RunReport recent = Pg.writeAll(sink, request("randomuser", "2026-03-21T10:00Z"), new Batch(SampleUsers.users(3, 1),
                List.of(rejected(2, "{}"))), clock.instant());
        clock.advance(Duration.ofDays(20)); // the first run is now 40 days old, the second 20

        io.github.randomuseretl.core.port.RunLedger.Pruned pruned = ops.prune(Duration.ofDays(30));

        assertEquals(new io.github.randomuseretl.core.port.RunLedger.Pruned(1, 2), pruned);
        assertEquals(List.of(recent.runId()), ops.latestRuns(10).stream().map(RunReport::runId).toList());
        assertEquals(1, ops.quarantined(10).size());
        assertEquals(3, Pg.count(DB, "SELECT count(*) FROM " + schema + ".users"));
        assertEquals(new io.github.randomuseretl.core.port.RunLedger.Pruned(0, 0), ops.prune(Duration.ofDays(30)));
        clock.advance(Duration.ofDays(11));
        assertEquals(new io.github.randomuseretl.core.port.RunLedger.Pruned(1, 1), ops.prune(), "ETL_RETENTION_DAYS: 30 by default");
    }

    @Test
    void replayLoadsRecordsThatNowPassMarksThemAndNeverLoadsOneTwice() {
        // Yesterday's contract rejected user:1 and user:2 (and junk); today's accepts users.
        pipeline("randomuser", new ListUserSource(List.of(TestUsers.raw(0, "{\"u\":1}"), TestUsers.raw(1, "{\"u\":2}"),
                TestUsers.raw(2, "junk"))), r -> new Validation.Rejected(r, List.of(new RejectionReason("/nat", "unknown nationality"))))
                .run(Slot.parse("2026-03-01T10:00Z"), Trigger.SCHEDULE);
        assertEquals(3, ops.quarantined(10).size());

        clock.advance(Duration.ofMinutes(5));
        PostgresQuarantineReplay replay = new PostgresQuarantineReplay(sink, 100, null);
        RunReport replayed = Outcomes.report(pipeline("randomuser-replay", replay, lenient()).run(Slot.containing(clock.instant()), Trigger.REPLAY));

        assertEquals(RunStatus.SUCCEEDED, replayed.status(), replayed.error());
        assertEquals(new LoadCounts(2, 0, 0, 1), replayed.counts());
        assertEquals(3, replayed.fetched());
        assertEquals(2, Pg.count(DB, "SELECT count(*) FROM " + schema + ".users"));
        assertEquals(2, Pg.count(DB, "SELECT count(*) FROM " + schema + ".quarantine WHERE replayed_by_run = '" + replayed.runId() + "'"));
        assertEquals(3, Pg.count(DB, "SELECT count(*) FROM " + schema + ".quarantine"), "a record still rejected is not quarantined twice");
        List<QuarantinedRecord> waiting = ops.quarantined(10).stream().filter(q -> !q.replayed()).toList();
        assertEquals(List.of("\"junk\""), waiting.stream().map(q -> "\"" + q.payload() + "\"").toList());

        clock.advance(Duration.ofMinutes(5));
        RunReport again = Outcomes.report(pipeline("randomuser-replay", new PostgresQuarantineReplay(sink, 100, null), lenient())
                .run(Slot.containing(clock.instant()), Trigger.REPLAY));
        assertEquals(new LoadCounts(0, 0, 0, 1), again.counts(), "only the record still waiting is replayed");
        assertEquals(1, again.fetched());
        assertEquals(2, Pg.count(DB, "SELECT count(*) FROM " + schema + ".users_history"));
        new StarSchema(DB, schema).assertConsistent(); // replayed users reach the star schema like any others
    }

    @Test
    void twoReplaysOfTheSameRecordsLoadThemOnce() {
        Pg.writeAll(sink, request("randomuser", "2026-03-01T10:00Z"), new Batch(List.of(), List.of(rejected(0, "{\"u\":1}"),
                rejected(1, "{\"u\":2}"))), clock.instant());
        PostgresQuarantineReplay a = new PostgresQuarantineReplay(sink, 100, null);
        PostgresQuarantineReplay b = new PostgresQuarantineReplay(sink, 100, null);
        RunRequest ra = replayRequest("2026-03-01T11:00Z");
        RunRequest rb = replayRequest("2026-03-01T11:01Z");
        SlotClaim.Claimed ca = Pg.claimed(a.claim(ra));
        SlotClaim.Claimed cb = Pg.claimed(b.claim(rb));
        List<User> usersA = new ArrayList<>();
        List<User> usersB = new ArrayList<>();
        a.fetch(new FetchRequest(ra.slot(), ra.deadline()), r -> usersA.add(userOf(r)));
        b.fetch(new FetchRequest(rb.slot(), rb.deadline()), r -> usersB.add(userOf(r)));

        RunReport first = Pg.write(ca, new Batch(usersA, List.of()), Pg.succeeded(ca, ra, 2, clock.instant()));
        SinkException second = assertThrows(SinkException.class,
                () -> Pg.write(cb, new Batch(usersB, List.of()), Pg.succeeded(cb, rb, 2, clock.instant())));

        assertEquals(2, first.inserted());
        assertTrue(second.getMessage().contains("replayed by another run meanwhile"), second.getMessage());
        assertEquals("running", Pg.text(DB, "SELECT status FROM " + schema + ".etl_runs WHERE run_id = '" + cb.runId() + "'"));
        assertEquals(2, Pg.count(DB, "SELECT count(*) FROM " + schema + ".quarantine WHERE replayed_by_run = '" + ca.runId() + "'"));
        new StarSchema(DB, schema).assertConsistent(); // the losing replay's versions rolled back with it
        SinkException notReplay = assertThrows(SinkException.class, () -> a.claim(request("randomuser-replay", "2026-03-01T12:00Z")));
        assertTrue(notReplay.getMessage().contains("trigger replay"), notReplay.getMessage());
    }

    private RunRequest replayRequest(String slot) {
        return new RunRequest("randomuser-replay", Slot.parse(slot), Trigger.REPLAY, Map.of(), clock.instant(), clock.instant().plusSeconds(50));
    }

    private static Validation.Rejected rejected(int n, String payload) {
        return new Validation.Rejected(TestUsers.raw(n, payload), List.of(new RejectionReason("/login/uuid", "is required")));
    }

    private static User userOf(RawRecord r) {
        return TestUsers.user(Integer.parseInt(r.payload().replaceAll("[^0-9]", "")));
    }

    /** Accepts {"u": N} as user N and rejects anything else. */
    private static UserValidator lenient() {
        return r -> r.payload().matches("\\{\"u\": ?\\d+}")
                ? new Validation.Accepted(userOf(r))
                : new Validation.Rejected(r, List.of(new RejectionReason("", "not JSON")));
    }

    private EtlPipeline pipeline(String name, io.github.randomuseretl.core.port.UserSource source, UserValidator validator) {
        EtlPipeline.Builder b = EtlPipeline.builder().name(name).source(source).validator(validator).clock(clock);
        return (source instanceof PostgresQuarantineReplay replay ? b.sink(replay) : b.sink(sink)).build();
    }
}

package io.github.randomuseretl.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.testing.Batch;
import io.github.randomuseretl.core.port.SinkException;
import io.github.randomuseretl.core.port.SlotClaim;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunRequest;
import io.github.randomuseretl.core.testing.MutableClock;
import io.github.randomuseretl.core.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Claiming slots against a real PostgreSQL: one success per slot, one live run however slow, a run whose
 * session ended abandoned and retried at once, and a late writer that writes nothing.
 */
class SlotClaimIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @RegisterExtension
    final MigratedSchema migrated = new MigratedSchema(DB, "claim");

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

    @Test
    void aSucceededSlotIsNeverClaimedAgainAndAnswersWithTheRecordedReport() {
        RunReport written = Pg.writeAll(sink, request("2026-03-01T10:00Z"), new Batch(SampleUsers.users(1, 3), List.of()),
                clock.instant().plusNanos(123_456_789));
        clock.advance(Duration.ofHours(2));

        SlotClaim again = sink.claim(request("2026-03-01T10:00Z"));

        assertEquals(new SlotClaim.AlreadySucceeded(written), again, "the report as recorded, to the microsecond");
        assertEquals(1, Pg.count(DB, "SELECT count(*) FROM " + schema + ".etl_runs"));
    }

    @Test
    void aLiveRunMakesTheSlotBusyHoweverFarPastItsDeadline() {
        SlotClaim.Claimed first = Pg.claimed(sink.claim(request("2026-03-01T10:00Z")));
        try (var held = first.load()) {
            clock.advance(Duration.ofMinutes(10)); // its session still holds the lease: slow, not dead

            assertEquals(new SlotClaim.Busy(first.runId()), sink.claim(request("2026-03-01T10:00Z")));
            assertEquals(1, first.attempt());
            PostgresUserSink.LeasedLoad lease = (PostgresUserSink.LeasedLoad) first.load();
            assertEquals(1, Pg.count(DB, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = " + lease.backendPid()),
                    "the run's own session holds its lease");
            assertEquals("5|2|3", lease.session().createQuery("SELECT current_setting('tcp_keepalives_idle') || '|' || "
                    + "current_setting('tcp_keepalives_interval') || '|' || current_setting('tcp_keepalives_count')").mapTo(String.class).one(),
                    "a vanished host is noticed in seconds");
            assertEquals("running", Pg.text(DB, "SELECT status FROM " + schema + ".etl_runs WHERE run_id = '" + first.runId() + "'"));
        }
    }

    @Test
    void aRunWhoseSessionEndedIsAbandonedByTheNextClaimAtOnce() {
        SlotClaim.Claimed dead = Pg.claimed(sink.claim(request("2026-03-01T10:00Z")));
        Pg.terminateAndWait(DB, ((PostgresUserSink.LeasedLoad) dead.load()).backendPid());

        SlotClaim.Claimed retry = Pg.claimed(sink.claim(request("2026-03-01T10:00Z")));

        assertEquals(2, retry.attempt());
        assertEquals("abandoned|t", Pg.text(DB, "SELECT status || '|' || (error LIKE 'abandoned: its session ended at or before "
                + "2026-03-01T10:00:00Z without finishing the run%')::text::char FROM " + schema + ".etl_runs WHERE run_id = '"
                + dead.runId() + "'"));
        try (var load = retry.load()) {
            RunReport ok = Pg.write(retry, new Batch(SampleUsers.users(1, 2), List.of()),
                    Pg.succeeded(retry, request("2026-03-01T10:00Z"), 2, clock.instant()));
            assertEquals(2, ok.inserted());
        }
        dead.load().close();
        assertEquals(0, Pg.count(DB, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"), "no lease is left behind");
    }

    @Test
    void aLateWriterOfARunTakenOverWritesNothing() {
        RunRequest request = request("2026-03-01T10:00Z");
        // A run whose session is gone cannot write at all.
        SlotClaim.Claimed dead = Pg.claimed(sink.claim(request));
        Pg.terminateAndWait(DB, ((PostgresUserSink.LeasedLoad) dead.load()).backendPid());
        SlotClaim.Claimed second = Pg.claimed(sink.claim(request));
        assertThrows(SinkException.class,
                () -> Pg.write(dead, new Batch(SampleUsers.users(1, 5), List.of()), Pg.succeeded(dead, request, 5, clock.instant())));
        dead.load().close();
        // A writer that lost its lease but kept its connection (a process of the version before leases, or
        // one whose lease was released by mistake) finds its run taken over, and writes nothing either.
        ((PostgresUserSink.LeasedLoad) second.load()).session().createQuery("SELECT pg_advisory_unlock_all()").mapToMap().list();
        SlotClaim.Claimed third = Pg.claimed(sink.claim(request));

        SinkException e = assertThrows(SinkException.class,
                () -> Pg.write(second, new Batch(SampleUsers.users(1, 5), List.of()), Pg.succeeded(second, request, 5, clock.instant())));

        assertTrue(e.getMessage().contains("is abandoned, not running"), e.getMessage());
        second.load().close();
        assertEquals(0, Pg.count(DB, "SELECT count(*) FROM " + schema + ".users"));
        try (var load = third.load()) {
            RunReport ok = Pg.write(third, new Batch(SampleUsers.users(1, 5), List.of()), Pg.succeeded(third, request, 5, clock.instant()));
            assertEquals(5, ok.inserted());
            assertEquals(3, ok.attempt());
        }
        assertEquals(1, Pg.count(DB, "SELECT count(*) FROM " + schema + ".etl_runs WHERE status = 'succeeded'"));
        assertEquals(2, Pg.count(DB, "SELECT count(*) FROM " + schema + ".etl_runs WHERE status = 'abandoned'"));
    }

    @Test
    void twoProcessesClaimingTheSameSlotAtTheSameMomentRunExactlyOnce() throws Exception {
        // Two pools stand for two processes: separate connections, separate sinks.
        try (PostgresDatabase other = PostgresDatabase.pooled(Pg.settings(DB, schema))) {
            PostgresUserSink otherSink = new PostgresUserSink(other, clock);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 25; round++) {
                    Slot slot = Slot.parse("2026-03-01T10:00Z").next();
                    for (int i = 0; i < round; i++) {
                        slot = slot.next();
                    }
                    RunRequest request = Pg.request("randomuser", slot, clock.instant(), Duration.ofSeconds(50));
                    CountDownLatch start = new CountDownLatch(1);
                    Future<SlotClaim> a = threads.submit(() -> {
                        start.await();
                        return sink.claim(request);
                    });
                    Future<SlotClaim> b = threads.submit(() -> {
                        start.await();
                        return otherSink.claim(request);
                    });
                    start.countDown();
                    List<SlotClaim> answers = List.of(a.get(10, TimeUnit.SECONDS), b.get(10, TimeUnit.SECONDS));
                    // Closing a load releases its session (and the lease: the run stays running, found abandoned later).
                    answers.stream().filter(SlotClaim.Claimed.class::isInstance).forEach(c -> ((SlotClaim.Claimed) c).load().close());

                    List<SlotClaim.Claimed> claimed = new ArrayList<>();
                    answers.stream().filter(SlotClaim.Claimed.class::isInstance).map(SlotClaim.Claimed.class::cast).forEach(claimed::add);
                    assertEquals(1, claimed.size(), "round " + round + ": " + answers);
                    SlotClaim.Busy busy = assertInstanceOf(SlotClaim.Busy.class,
                            answers.stream().filter(c -> !(c instanceof SlotClaim.Claimed)).findFirst().orElseThrow());
                    assertEquals(claimed.get(0).runId(), busy.runId());
                }
            } finally {
                threads.shutdownNow();
            }
        }
        assertEquals(25, Pg.count(DB, "SELECT count(*) FROM " + schema + ".etl_runs WHERE status = 'running'"));
        assertEquals(25, Pg.count(DB, "SELECT count(DISTINCT slot) FROM " + schema + ".etl_runs"));
    }

    @Test
    void theDatabaseItselfRefusesASecondSucceededOrRunningRunOfASlot() throws SQLException {
        RunRequest request = request("2026-03-01T10:00Z");
        SlotClaim.Claimed c = Pg.claimed(sink.claim(request));
        String insert = "INSERT INTO " + schema + ".etl_runs (run_id, pipeline, slot, trigger, attempt, status, started_at, deadline, finished_at) "
                + "VALUES (gen_random_uuid(), 'randomuser', '2026-03-01T10:00Z', 'manual', %d, '%s', now(), now() + interval '1 minute', now())";
        try (Connection conn = DB.connect(); Statement st = conn.createStatement()) {
            SQLException running = assertThrows(SQLException.class, () -> st.execute(String.format(insert, 7, "running")));
            assertEquals("23505", running.getSQLState());
        }
        Pg.write(c, new Batch(List.of(), List.of()), Pg.succeeded(c, request, 0, clock.instant()));
        try (Connection conn = DB.connect(); Statement st = conn.createStatement()) {
            SQLException succeeded = assertThrows(SQLException.class, () -> st.execute(String.format(insert, 8, "succeeded")));
            assertEquals("23505", succeeded.getSQLState());
        }
    }
}

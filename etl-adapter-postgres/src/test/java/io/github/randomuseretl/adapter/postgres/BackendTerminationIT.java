package io.github.randomuseretl.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.RejectionReason;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.model.User;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.pipeline.EtlPipeline;
import io.github.randomuseretl.core.port.SinkException;
import io.github.randomuseretl.core.port.SlotClaim;
import io.github.randomuseretl.core.port.UserValidator;
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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The loading session is killed with {@code pg_terminate_backend} from a second connection while it is
 * in the middle of a batch: users staged, upserted and versioned, quarantine insert waiting on a lock
 * the test holds. Nothing of the batch may become visible, and the retry must load every user once.
 */
class BackendTerminationIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final int USERS = 3_000;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private String schema;
    private String appName;
    private PostgresDatabase db;

    @BeforeEach
    void migrate() {
        schema = Pg.freshSchema("term");
        appName = "etl-loader-" + schema;
        db = PostgresDatabase.pooled(settings(appName));
        new PostgresMigrations(db).migrate();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private PostgresSettings settings(String applicationName) {
        Map<String, String> env = Pg.env(DB, schema);
        env.put("ETL_DB_URL", DB.jdbcUrl() + (DB.jdbcUrl().contains("?") ? "&" : "?") + "ApplicationName=" + applicationName);
        return PostgresSettings.from(Settings.of(env));
    }

    @Test
    void terminatedLoadLeavesNothingVisibleFailsTheRunAndTheRetryLoadsEveryUserOnce() throws Exception {
        PostgresUserSink sink = new PostgresUserSink(db, clock);
        EtlPipeline pipeline = pipeline(sink);
        Slot slot = Slot.parse("2026-03-01T10:00Z");
        RunReport killed;
        try (Connection blocker = DB.connect()) {
            blocker.setAutoCommit(false);
            try (Statement st = blocker.createStatement()) {
                st.execute("LOCK TABLE " + schema + ".quarantine IN SHARE MODE");
            }
            CompletableFuture<RunReport> run = CompletableFuture.supplyAsync(() -> Outcomes.executed(pipeline.run(slot, Trigger.SCHEDULE)));
            int pid = waitForBlockedLoader();
            // Mid-batch: the loader has written users and history, uncommitted.
            assertEquals(0, count("SELECT count(*) FROM " + schema + ".users"), "nothing is visible before commit");
            terminate(pid);
            blocker.rollback();
            killed = run.get(30, TimeUnit.SECONDS);
        }

        assertEquals(RunStatus.FAILED, killed.status());
        assertTrue(killed.error().startsWith("sink: could not write the batch of run " + killed.runId()), killed.error());
        assertTrue(killed.error().contains("terminating connection due to administrator command"), killed.error());
        assertFalse(killed.error().contains("broken"), "no record data in the error: " + killed.error());
        assertEquals(0, count("SELECT count(*) FROM " + schema + ".users"));
        assertEquals(0, count("SELECT count(*) FROM " + schema + ".users_history"));
        assertEquals(0, count("SELECT count(*) FROM " + schema + ".quarantine"));
        assertEquals(0, count("SELECT count(*) FROM " + schema + ".users_stage"));
        assertEquals("failed|t", Pg.text(DB, "SELECT status || '|' || (error LIKE '%terminating connection due to administrator "
                + "command%')::text::char FROM " + schema + ".etl_runs WHERE run_id = '" + killed.runId() + "'"),
                "its session is gone, so the failure is recorded, with the real error, on a fresh connection");

        clock.advance(Duration.ofSeconds(10));
        RunReport retry = Outcomes.report(pipeline.run(slot, Trigger.SCHEDULE));

        assertEquals(RunStatus.SUCCEEDED, retry.status(), retry.error());
        assertEquals(2, retry.attempt());
        assertEquals(USERS, retry.inserted());
        assertEquals(1, retry.rejected());
        assertEquals(USERS, count("SELECT count(*) FROM " + schema + ".users"));
        assertEquals(USERS, count("SELECT count(DISTINCT uuid) FROM " + schema + ".users_history WHERE is_current"));
        assertEquals(USERS, count("SELECT count(*) FROM " + schema + ".users_history"));
        assertEquals(1, count("SELECT count(*) FROM " + schema + ".quarantine"));
    }

    @Test
    void aLoaderWhoseSessionDiesMidBatchIsTakenOverAtOnceWritesNothingLateAndTheRetryLoadsEveryUserOnce() throws Exception {
        // The dying "process" runs in Lambda mode, on one connection; it never gets to record its failure.
        List<User> users = SampleUsers.many(USERS, 7);
        RunRequest request = Pg.request("randomuser", Slot.parse("2026-03-01T10:00Z"), clock.instant(), Duration.ofSeconds(50));
        try (PostgresDatabase lambda = PostgresDatabase.singleConnection(settings(appName))) {
            PostgresUserSink dying = new PostgresUserSink(lambda, clock);
            SlotClaim.Claimed claim = Pg.claimed(dying.claim(request));
            PostgresUserSink survivor = new PostgresUserSink(db, clock);
            assertEquals(new SlotClaim.Busy(claim.runId()), survivor.claim(request), "its session holds the lease: alive");
            CompletableFuture<RunReport> write;
            try (Connection blocker = DB.connect()) {
                blocker.setAutoCommit(false);
                try (Statement st = blocker.createStatement()) {
                    st.execute("LOCK TABLE " + schema + ".quarantine IN SHARE MODE");
                }
                write = CompletableFuture.supplyAsync(() -> Pg.write(claim, new Batch(users, List.of(rejection())),
                        Pg.succeeded(claim, request, USERS + 1, clock.instant())));
                int pid = waitForBlockedLoader();
                Pg.terminateAndWait(DB, pid);
                blocker.rollback();
            }
            Exception e = assertThrows(Exception.class, () -> write.get(30, TimeUnit.SECONDS));
            assertInstanceOf(SinkException.class, e.getCause());
            assertEquals("running", Pg.text(DB, "SELECT status FROM " + schema + ".etl_runs WHERE run_id = '" + claim.runId() + "'"),
                    "a dead process records nothing");

            // No clock advance: the lease died with the session, so the slot is taken over at once.
            SlotClaim.Claimed retry = Pg.claimed(survivor.claim(request));
            assertEquals(2, retry.attempt());
            assertEquals("abandoned", Pg.text(DB, "SELECT status FROM " + schema + ".etl_runs WHERE run_id = '" + claim.runId() + "'"));

            // Should the "dead" process try again, its run's session is gone: it writes nothing.
            assertThrows(SinkException.class, () -> Pg.write(claim, new Batch(users, List.of()),
                    Pg.succeeded(claim, request, USERS, clock.instant())));
            claim.load().close();

            try (var load = retry.load()) {
                RunReport ok = Pg.write(retry, new Batch(users, List.of(rejection())),
                        Pg.succeeded(retry, request, USERS + 1, clock.instant()));
                assertEquals(USERS, ok.inserted());
            }
        }
        assertEquals(USERS, count("SELECT count(*) FROM " + schema + ".users"));
        assertEquals(USERS, count("SELECT count(*) FROM " + schema + ".users_history"));
        assertEquals(1, count("SELECT count(*) FROM " + schema + ".quarantine"));
        assertEquals(1, count("SELECT count(*) FROM " + schema + ".etl_runs WHERE status = 'succeeded'"));
    }

    private EtlPipeline pipeline(PostgresUserSink sink) {
        List<RawRecord> records = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            records.add(TestUsers.raw(i, "user:" + i));
        }
        records.add(TestUsers.raw(USERS, "{\"broken\":true}"));
        UserValidator validator = r -> r.payload().startsWith("user:")
                ? new Validation.Accepted(SampleUsers.varied(Long.parseLong(r.payload().substring(5)), 3))
                : new Validation.Rejected(r, List.of(new RejectionReason("/login", "is required")));
        return EtlPipeline.builder().source(new ListUserSource(records)).validator(validator).sink(sink).clock(clock).build();
    }

    private static Validation.Rejected rejection() {
        return new Validation.Rejected(TestUsers.raw(0, "{}"), List.of(new RejectionReason("/login", "is required")));
    }

    /** Polls until the loader's session waits for the test's lock; returns its pid. */
    private int waitForBlockedLoader() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            long pid = count("SELECT COALESCE(max(pid), 0) FROM pg_stat_activity WHERE application_name = '" + appName
                    + "' AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO \"" + schema + "\".quarantine%'");
            if (pid != 0) {
                return (int) pid;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the loader never reached the quarantine insert");
    }

    private void terminate(int pid) throws SQLException {
        try (Connection admin = DB.connectAdmin(); Statement st = admin.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_terminate_backend(" + pid + ")")) {
            rs.next();
            assertTrue(rs.getBoolean(1), "backend " + pid + " terminated");
        }
    }

    private static long count(String sql) {
        return Pg.count(DB, sql);
    }
}

package io.github.randomuseretl.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.github.randomuseretl.core.port.FetchRequest;
import io.github.randomuseretl.core.port.FetchStats;
import io.github.randomuseretl.core.port.RunLoad;
import io.github.randomuseretl.core.port.SinkException;
import io.github.randomuseretl.core.port.SlotClaim;
import io.github.randomuseretl.core.port.UserSource;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunRequest;
import io.github.randomuseretl.core.run.RunStatus;
import io.github.randomuseretl.core.run.Trigger;
import io.github.randomuseretl.core.testing.Batch;
import io.github.randomuseretl.core.testing.Outcomes;
import io.github.randomuseretl.core.testing.TestDatabase;
import io.github.randomuseretl.core.testing.TestUsers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The load streams users and rejections into the run's open transaction while they arrive: staged rows
 * reach the database before the commit, yet nobody else sees them; the load holds no batch in memory;
 * and a run whose session or process dies mid-stream leaves nothing behind.
 */
class StreamingLoadIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @RegisterExtension
    final MigratedSchema migrated = new MigratedSchema(DB, "stream");

    /** More users than one staging chunk holds, so several chunks are written before the commit. */
    private static final int USERS = 5_000;
    /** More rejections than one chunk holds. */
    private static final int REJECTIONS = RunStaging.REJECTION_CHUNK_ROWS + 100;

    @Test
    void stagedRowsReachTheDatabaseBeforeTheCommitSeenOnlyByTheRunsOwnSession() {
        PostgresUserSink sink = new PostgresUserSink(migrated.db(), migrated.clock());
        RunRequest request = migrated.request("randomuser", "2026-03-01T10:00Z");
        SlotClaim.Claimed claim = Pg.claimed(sink.claim(request));
        try (RunLoad load = claim.load()) {
            stage(load, USERS, REJECTIONS);
            PostgresUserSink.LeasedLoad leased = (PostgresUserSink.LeasedLoad) load;

            long stagedSoFar = ownCount(leased, "SELECT count(*) FROM " + migrated.schema() + ".users_stage WHERE run_id = '" + claim.runId() + "'");
            long quarantinedSoFar = ownCount(leased, "SELECT count(*) FROM " + migrated.schema() + ".quarantine");
            assertTrue(stagedSoFar >= USERS / 2 && stagedSoFar < USERS,
                    "all but the last chunk of users is in staging before the commit: " + stagedSoFar);
            assertEquals(RunStaging.REJECTION_CHUNK_ROWS, quarantinedSoFar, "full chunks of rejections are written as they fill");
            assertEquals(0, count("SELECT count(*) FROM " + migrated.schema() + ".users_stage"), "another session sees no staged user");
            assertEquals(0, count("SELECT count(*) FROM " + migrated.schema() + ".quarantine"), "nor any rejection");
            assertEquals(0, count("SELECT count(*) FROM " + migrated.schema() + ".users"));

            RunReport report = load.commit(Pg.succeeded(claim, request, USERS + REJECTIONS, migrated.clock().instant()));

            assertEquals(USERS, report.inserted());
            assertEquals(REJECTIONS, report.rejected());
        }
        assertEquals(USERS, count("SELECT count(*) FROM " + migrated.schema() + ".users"));
        assertEquals(USERS, count("SELECT count(*) FROM " + migrated.schema() + ".users_history"));
        assertEquals(REJECTIONS, count("SELECT count(*) FROM " + migrated.schema() + ".quarantine"));
        assertEquals(0, count("SELECT count(*) FROM " + migrated.schema() + ".users_stage"), "staging is empty once committed");
    }

    @Test
    void aQualityGateFailureDropsUsersAlreadyStreamedIntoStagingAndKeepsEveryRejection() {
        PostgresUserSink sink = new PostgresUserSink(migrated.db(), migrated.clock());
        RunRequest request = migrated.request("randomuser", "2026-03-01T10:00Z");
        SlotClaim.Claimed claim = Pg.claimed(sink.claim(request));
        try (RunLoad load = claim.load()) {
            stage(load, USERS, REJECTIONS);
            RunReport report = load.commitRejectionsOnly(counts -> Pg.failed(claim, request, "quality gate", migrated.clock().instant()));
            assertEquals(RunStatus.FAILED, report.status());
        }
        assertEquals(0, count("SELECT count(*) FROM " + migrated.schema() + ".users"));
        assertEquals(0, count("SELECT count(*) FROM " + migrated.schema() + ".users_history"));
        assertEquals(0, count("SELECT count(*) FROM " + migrated.schema() + ".users_stage"), "the streamed users are gone");
        assertEquals(REJECTIONS, count("SELECT count(*) FROM " + migrated.schema() + ".quarantine"));
    }

    @Test
    void aLoadGivenAUuidTwiceRefusesTheBatchAndWritesNothing() {
        PostgresUserSink sink = new PostgresUserSink(migrated.db(), migrated.clock());
        RunRequest request = migrated.request("randomuser", "2026-03-01T10:00Z");
        SlotClaim.Claimed claim = Pg.claimed(sink.claim(request));
        List<User> users = new ArrayList<>(SampleUsers.many(USERS, 3));
        users.add(SampleUsers.withEmail(users.get(0), "second@example.com"));
        try (RunLoad load = claim.load()) {
            users.forEach(load::stage);
            SinkException e = assertThrows(SinkException.class,
                    () -> load.commit(Pg.succeeded(claim, request, users.size(), migrated.clock().instant())));
            assertTrue(e.getMessage().contains("holds user " + users.get(0).uuid() + " twice; nothing was written"), e.getMessage());
            load.fail(Pg.failed(claim, request, e.getMessage(), migrated.clock().instant()));
        }
        assertEquals(0, count("SELECT count(*) FROM " + migrated.schema() + ".users"));
        assertEquals(0, count("SELECT count(*) FROM " + migrated.schema() + ".users_stage"));
    }

    @Test
    void aBackendTerminatedWhileStagingLeavesNothingBehindAndTheSlotRunsAgain() {
        String app = "etl-stream-" + migrated.schema();
        PostgresDatabase db = PostgresDatabase.pooled(settings(app));
        try {
            Slot slot = Slot.parse("2026-03-01T10:00Z");
            // The source ends the loader's session (inside its open write transaction, its COPY open) after
            // 4,000 records, then goes on handing records over.
            RunReport killed = Outcomes.executed(pipeline(db, new Source(6_000, 4_000, () -> Pg.terminateAndWait(DB, loaderPid(app))))
                    .run(slot, Trigger.SCHEDULE));

            assertEquals(RunStatus.FAILED, killed.status());
            assertTrue(killed.error().startsWith("sink: could not stage the users of run " + killed.runId())
                    || killed.error().startsWith("sink: could not write the batch of run " + killed.runId()), killed.error());
            assertEquals("failed", Pg.text(DB, "SELECT status FROM " + migrated.schema() + ".etl_runs WHERE run_id = '" + killed.runId() + "'"),
                    "recorded on a fresh connection");
            assertNothingLeftBehind();

            migrated.clock().advance(Duration.ofSeconds(10));
            RunReport retry = Outcomes.executed(pipeline(db, new Source(6_000, -1, () -> { })).run(slot, Trigger.SCHEDULE));
            assertEquals(RunStatus.SUCCEEDED, retry.status(), retry.error());
            assertEquals(2, retry.attempt());
            assertEquals(6_000 - 6_000 / 100, retry.inserted());
            assertEquals(6_000 / 100, retry.rejected());
            assertEquals(retry.inserted(), count("SELECT count(*) FROM " + migrated.schema() + ".users_history"));
        } finally {
            db.close();
        }
    }

    @Test
    void aStagingTableLockedWhileUsersStreamCutsTheRunOffAtItsDeadlineWithNothingWritten() throws Exception {
        // Real time: PostgreSQL's statement and lock timeouts are real. The first chunk of users opens the
        // COPY, which waits for the lock until the time left before the deadline has passed.
        Duration timeout = Duration.ofSeconds(3);
        EtlPipeline pipeline = EtlPipeline.builder().source(new Source(2_000, -1, () -> { }))
                .validator(r -> r.payload().startsWith("user:")
                        ? new Validation.Accepted(SampleUsers.varied(Long.parseLong(r.payload().substring(5)), 9))
                        : new Validation.Rejected(r, List.of(new RejectionReason("/login", "is required"))))
                .sink(new PostgresUserSink(migrated.db(), java.time.Clock.systemUTC())).clock(java.time.Clock.systemUTC())
                .runTimeout(timeout).build();
        RunReport report;
        try (java.sql.Connection locker = DB.connect()) {
            locker.setAutoCommit(false);
            try (java.sql.Statement st = locker.createStatement()) {
                st.execute("LOCK TABLE " + migrated.schema() + ".users_stage IN ACCESS EXCLUSIVE MODE");
            }
            java.time.Instant start = java.time.Instant.now();
            report = Outcomes.executed(pipeline.run(Slot.containing(start), Trigger.MANUAL));
            Duration took = Duration.between(start, java.time.Instant.now());
            assertTrue(took.compareTo(timeout) >= 0 && took.compareTo(timeout.plusSeconds(2)) < 0,
                    "ended " + took.toMillis() + " ms after it started, deadline " + timeout.toMillis() + " ms: " + report);
            locker.rollback();
        }
        assertEquals(RunStatus.FAILED, report.status());
        assertTrue(report.error().startsWith("sink: could not stage the users of run " + report.runId() + ": cut off at its time bound"),
                report.error());
        assertEquals("failed", Pg.text(DB, "SELECT status FROM " + migrated.schema() + ".etl_runs WHERE run_id = '" + report.runId() + "'"));
        assertNothingLeftBehind();
    }

    @Test
    void aKilledLoaderProcessLeavesNoStagingRowsAndItsSlotIsTakenOverAtOnce() throws Exception {
        Process loader = loader("hold", "2026-03-01T10:00Z", USERS, REJECTIONS, null);
        try {
            String line = firstLine(loader);
            assertTrue(line.startsWith("staged "), line);
            int pid = Integer.parseInt(line.split(" ")[2]);
            assertEquals("t", Pg.text(DB, "SELECT (xact_start IS NOT NULL)::text::char FROM pg_stat_activity WHERE pid = " + pid),
                    "the loader holds its rows in an open transaction");
            assertEquals(0, count("SELECT count(*) FROM " + migrated.schema() + ".users_stage"));

            loader.destroyForcibly();
            assertTrue(loader.waitFor(30, TimeUnit.SECONDS));
            waitUntilGone(pid);
        } finally {
            loader.destroyForcibly();
        }
        assertNothingLeftBehind();

        // No clock advance: the lease died with the process's session.
        PostgresUserSink sink = new PostgresUserSink(migrated.db(), migrated.clock());
        RunRequest request = migrated.request("randomuser", "2026-03-01T10:00Z");
        SlotClaim.Claimed retry = Pg.claimed(sink.claim(request));
        assertEquals(2, retry.attempt());
        try (RunLoad load = retry.load()) {
            RunReport ok = Pg.write(retry, new Batch(SampleUsers.many(USERS, 11), List.of()),
                    Pg.succeeded(retry, request, USERS, migrated.clock().instant()));
            assertEquals(USERS, ok.inserted());
        }
        assertEquals(1, count("SELECT count(*) FROM " + migrated.schema() + ".etl_runs WHERE status = 'abandoned'"));
    }

    @Test
    void aLoadOfFortyThousandUsersFitsInAThirtyTwoMebibyteHeap() throws Exception {
        // Held in memory, 40,000 of these users take some 80 MiB (the sink used to keep the batch until its
        // commit); streamed, the load keeps one chunk of about 1 MiB.
        Path errors = Files.createTempFile("stage-and-hold", ".err");
        Process loader = loader("commit", "2026-03-01T11:00Z", 40_000, 10, errors);
        try {
            assertTrue(loader.waitFor(180, TimeUnit.SECONDS), "the loader finished");
            String out = firstLine(loader);
            assertEquals(0, loader.exitValue(), out + "\n" + tail(errors));
            assertTrue(out.startsWith("committed 40000 10 "), out);
        } finally {
            loader.destroyForcibly();
            Files.deleteIfExists(errors);
        }
        assertEquals(40_000, count("SELECT count(*) FROM " + migrated.schema() + ".users"));
    }

    private void assertNothingLeftBehind() {
        assertEquals(0, count("SELECT count(*) FROM " + migrated.schema() + ".users_stage"), "no staging row of the dead run");
        assertEquals(0, count("SELECT count(*) FROM " + migrated.schema() + ".quarantine"), "no rejection of the dead run");
        assertEquals(0, count("SELECT count(*) FROM " + migrated.schema() + ".users"));
        assertEquals(0, count("SELECT count(*) FROM " + migrated.schema() + ".users_history"));
    }

    private static void stage(RunLoad load, int users, int rejections) {
        for (int i = 0; i < users; i++) {
            load.stage(SampleUsers.varied(i, 5));
        }
        for (int i = 0; i < rejections; i++) {
            load.quarantine(new Validation.Rejected(TestUsers.raw(i, "{\"n\":" + i + "}"), List.of(new RejectionReason("/login", "is required"))));
        }
    }

    private static long ownCount(PostgresUserSink.LeasedLoad load, String sql) {
        return load.session().createQuery(sql).mapTo(Long.class).one();
    }

    private PostgresSettings settings(String applicationName) {
        Map<String, String> env = Pg.env(DB, migrated.schema());
        env.put("ETL_DB_URL", DB.jdbcUrl() + (DB.jdbcUrl().contains("?") ? "&" : "?") + "ApplicationName=" + applicationName);
        return PostgresSettings.from(Settings.of(env));
    }

    private EtlPipeline pipeline(PostgresDatabase db, UserSource source) {
        return EtlPipeline.builder().source(source)
                .validator(r -> r.payload().startsWith("user:")
                        ? new Validation.Accepted(SampleUsers.varied(Long.parseLong(r.payload().substring(5)), 9))
                        : new Validation.Rejected(r, List.of(new RejectionReason("/login", "is required"))))
                .sink(new PostgresUserSink(db, migrated.clock())).clock(migrated.clock()).build();
    }

    /** Records {@code user:N}, every hundredth one broken; runs {@code midway} once after record {@code at}. */
    private record Source(int records, int at, Runnable midway) implements UserSource {
        @Override
        public FetchStats fetch(FetchRequest request, Consumer<RawRecord> sink) {
            for (int i = 0; i < records; i++) {
                sink.accept(TestUsers.raw(i, i % 100 == 99 ? "{\"broken\":true}" : "user:" + i));
                if (i == at) {
                    midway.run();
                }
            }
            return new FetchStats(records, 1, 0, 0);
        }

        @Override
        public Map<String, String> parameters(FetchRequest request) {
            return Map.of("source", "test");
        }
    }

    /** @return the loader's session: the one of the application inside its write transaction */
    private static int loaderPid(String app) {
        long pid = Pg.count(DB, "SELECT COALESCE(max(pid), 0) FROM pg_stat_activity WHERE application_name = '" + app
                + "' AND xact_start IS NOT NULL");
        assertTrue(pid != 0, "the loader is inside its write transaction");
        return (int) pid;
    }

    private Process loader(String mode, String slot, int users, int rejections, Path errors) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-cp", System.getProperty("java.class.path"), StageAndHold.class.getName(), mode, slot,
                Integer.toString(users), Integer.toString(rejections)));
        pb.environment().putAll(Pg.env(DB, migrated.schema()));
        pb.redirectError(errors == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(errors.toFile()));
        return pb.start();
    }

    private static String firstLine(Process p) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        return line == null ? "(no output, exit " + (p.isAlive() ? "running" : p.exitValue()) + ")" : line;
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static void waitUntilGone(int pid) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Pg.count(DB, "SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid) > 0) {
            assertTrue(System.nanoTime() < until, "session " + pid + " ended with its process");
            Thread.sleep(20);
        }
    }

    private static long count(String sql) {
        return Pg.count(DB, sql);
    }
}

package io.github.randomuseretl.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.RejectionReason;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.model.User;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.pipeline.EtlPipeline;
import io.github.randomuseretl.core.pipeline.QualityGate;
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
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
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
 * The star schema (V8) against the core tables, after new, changed and unchanged loads, failed and
 * abandoned runs, a backfill of existing data and concurrent loads: {@link StarSchema} compares it with
 * users, users_history and etl_runs after each, and each test checks what its case is about.
 */
class StarSchemaIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @RegisterExtension
    final MigratedSchema migrated = new MigratedSchema(DB, "star");

    private final MutableClock clock = migrated.clock();
    private final String schema = migrated.schema();
    private StarSchema star;
    private PostgresUserSink sink;

    @BeforeEach
    void sink() {
        sink = new PostgresUserSink(migrated.db(), clock);
        star = new StarSchema(DB, schema);
    }

    private RunRequest request(String slot) {
        return migrated.request("randomuser", slot);
    }

    private RunReport load(String slot, List<User> users) {
        RunReport report = Pg.writeAll(sink, request(slot), new Batch(users, List.of()), clock.instant());
        clock.advance(Duration.ofMinutes(1));
        return report;
    }

    @Test
    void newUsersGetTheirFirstVersionAFactAndEveryDateAndNationalityTheyReferTo() {
        List<User> users = new ArrayList<>(SampleUsers.many(40, 7)); // includes LEGO users, without a country
        users.add(SampleUsers.narrow(1));                            // no dates, no location
        RunReport report = load("2026-03-01T10:00Z", users);

        assertEquals(new LoadCounts(41, 0, 0, 0), report.counts());
        star.assertConsistent();
        assertEquals("dim_user=41 fact_registration=41 fact_run=1", star.counts());
        assertEquals(41, Pg.count(DB, "SELECT count(*) FROM " + schema + ".dim_user WHERE is_current AND valid_to IS NULL AND run_id = '"
                + report.runId() + "'"));
        User lego = users.stream().filter(u -> u.nationality().equals("LEGO")).findFirst().orElseThrow();
        assertEquals("LEGO|true", Pg.text(DB, "SELECT n.code || '|' || (n.country_name IS NULL) FROM " + schema + ".fact_registration f JOIN "
                + schema + ".dim_nationality n USING (nationality_key) WHERE f.uuid = '" + lego.uuid() + "'"));
        User ukrainian = SampleUsers.varied(3, 7);
        assertEquals("Ukraine", Pg.text(DB, "SELECT n.country_name FROM " + schema + ".fact_registration f JOIN " + schema
                + ".dim_nationality n USING (nationality_key) WHERE f.uuid = '" + ukrainian.uuid() + "'"));
        assertEquals("t|t|t|DE", Pg.text(DB, "SELECT concat_ws('|', registered_date_key IS NULL, birth_date_key IS NULL, "
                + "age_at_registration IS NULL, n.code) FROM " + schema + ".fact_registration f JOIN " + schema
                + ".dim_nationality n USING (nationality_key) WHERE f.uuid = '" + SampleUsers.narrow(1).uuid() + "'"),
                "a user whose dates were left out has no date keys and no age, but its nationality");
        // dim_date runs without a gap from the earliest birth to the run's day.
        assertEquals(Pg.text(DB, "SELECT min((date_of_birth AT TIME ZONE 'UTC')::date)::text || '..2026-03-01' FROM " + schema + ".users"),
                Pg.text(DB, "SELECT min(date)::text || '..' || max(date)::text FROM " + schema + ".dim_date"));
        assertEquals("succeeded|20260301|41|0|0", Pg.text(DB, "SELECT concat_ws('|', status, date_key, inserted, updated, unchanged) FROM "
                + schema + ".fact_run"));
    }

    @Test
    void aChangedUserClosesItsVersionAsUsersHistoryDoesAndItsFactPointsAtTheNewOne() {
        User one = SampleUsers.user(1);
        User two = SampleUsers.user(2);
        User three = SampleUsers.user(3);
        RunReport first = load("2026-03-01T10:00Z", List.of(one, two, three));
        String twoBefore = Pg.text(DB, "SELECT f.user_key || '|' || f.xmin || f.ctid || '|' || d.xmin || d.ctid FROM " + schema
                + ".fact_registration f JOIN " + schema + ".dim_user d USING (user_key) WHERE f.uuid = '" + two.uuid() + "'");
        long oneKey = Pg.count(DB, "SELECT user_key FROM " + schema + ".fact_registration WHERE uuid = '" + one.uuid() + "'");

        // one moves house and is reborn a year earlier; three turns Norwegian; two is unchanged; four is new.
        User movedOne = SampleUsers.withDates(SampleUsers.withLatitude(one, "48.1371"), Instant.parse("1989-05-17T08:30:00Z"),
                one.registeredAt());
        User norwegianThree = SampleUsers.withNationality(three, "NO");
        RunReport second = load("2026-03-01T10:01Z", List.of(movedOne, two, norwegianThree, SampleUsers.user(4)));
        RunReport third = load("2026-03-01T10:02Z", List.of(SampleUsers.withEmail(movedOne, "third.version@example.com")));

        assertEquals(new LoadCounts(1, 2, 1, 0), second.counts());
        assertEquals(new LoadCounts(0, 1, 0, 0), third.counts());
        star.assertConsistent();
        assertEquals("dim_user=7 fact_registration=4 fact_run=3", star.counts());
        // The versions of user one, as users_history holds them: two closed, one current.
        String versions = "SELECT string_agg(concat_ws('|', run_id, valid_from, valid_to, is_current, email, latitude), ';' ORDER BY valid_from) FROM "
                + schema + ".%s WHERE uuid = '" + one.uuid() + "'";
        assertEquals(Pg.text(DB, String.format(versions, "users_history")), Pg.text(DB, String.format(versions, "dim_user")));
        assertEquals(first.runId() + "|f;" + second.runId() + "|f;" + third.runId() + "|t", Pg.text(DB, "SELECT string_agg(run_id || '|' || "
                + "is_current::text::char, ';' ORDER BY valid_from) FROM " + schema + ".dim_user WHERE uuid = '" + one.uuid() + "'"));
        // The fact follows the newest version, its birth date and age; the first version keeps its key.
        assertEquals(third.runId() + "|19890517|25", Pg.text(DB, "SELECT concat_ws('|', d.run_id, f.birth_date_key, f.age_at_registration) FROM "
                + schema + ".fact_registration f JOIN " + schema + ".dim_user d USING (user_key) WHERE f.uuid = '" + one.uuid() + "'"));
        assertEquals(first.runId().toString(), Pg.text(DB, "SELECT run_id::text FROM " + schema + ".dim_user WHERE user_key = " + oneKey));
        assertEquals("NO|Norway", Pg.text(DB, "SELECT n.code || '|' || n.country_name FROM " + schema + ".fact_registration f JOIN " + schema
                + ".dim_nationality n USING (nationality_key) WHERE f.uuid = '" + three.uuid() + "'"));
        assertEquals(twoBefore, Pg.text(DB, "SELECT f.user_key || '|' || f.xmin || f.ctid || '|' || d.xmin || d.ctid FROM " + schema
                + ".fact_registration f JOIN " + schema + ".dim_user d USING (user_key) WHERE f.uuid = '" + two.uuid() + "'"),
                "the unchanged user's version and fact were not written again");
    }

    @Test
    void anUnchangedReloadWritesNoStarSchemaRowButItsRunFact() {
        List<User> users = SampleUsers.many(30, 8);
        load("2026-03-01T10:00Z", users);
        String before = star.rowVersions();

        RunReport reload = load("2026-03-01T10:01Z", users);

        assertEquals(new LoadCounts(0, 0, 30, 0), reload.counts());
        assertEquals(before, star.rowVersions(), "no dimension or registration row written");
        star.assertConsistent();
        assertEquals("dim_user=30 fact_registration=30 fact_run=2", star.counts());
        assertEquals("succeeded|0|30", Pg.text(DB, "SELECT concat_ws('|', status, inserted, unchanged) FROM " + schema
                + ".fact_run WHERE run_id = '" + reload.runId() + "'"));
    }

    @Test
    void aFailedRunAddsItsRunFactAndNothingElseWhereverItFails() {
        load("2026-03-01T10:00Z", SampleUsers.users(1, 5));
        String before = star.rowVersions();

        // The source failed: nothing staged, the run is recorded failed.
        RunRequest sourceDown = request("2026-03-01T10:01Z");
        SlotClaim.Claimed claim = Pg.claimed(sink.claim(sourceDown));
        try (var load = claim.load()) {
            load.fail(Pg.failed(claim, sourceDown, "source: HTTP 503", clock.instant()));
        }

        // The write failed after the star schema was brought in step (the outcome throws): all of it rolls back.
        RunRequest brokenWrite = request("2026-03-01T10:02Z");
        SlotClaim.Claimed broken = Pg.claimed(sink.claim(brokenWrite));
        try (var load = broken.load()) {
            List<User> changedAndNew = List.of(SampleUsers.withEmail(SampleUsers.user(1), "changed@example.com"), SampleUsers.user(9));
            SinkException e = assertThrows(SinkException.class, () -> Pg.write(broken, new Batch(changedAndNew, List.of()), counts -> {
                throw new IllegalStateException("the outcome could not be built");
            }));
            assertTrue(e.getMessage().contains("the outcome could not be built"), e.getMessage());
            assertEquals(before, star.rowVersions(), "the failed write's versions and facts rolled back with it");
            load.fail(Pg.failed(broken, brokenWrite, e.getMessage(), clock.instant()));
        }

        // The quality gate tripped: rejections only.
        RunReport gated = Outcomes.report(pipeline(List.of("user:7", "junk", "junk")).run(Slot.parse("2026-03-01T10:03Z"), Trigger.MANUAL));

        assertEquals(RunStatus.FAILED, gated.status());
        assertEquals(before, star.rowVersions(), "no dimension or registration row written by any failed run");
        star.assertConsistent();
        assertEquals("dim_user=5 fact_registration=5 fact_run=4", star.counts());
        assertEquals("failed|0|0|2;failed|0|0|0;failed|0|0|0;succeeded|5|0|0", Pg.text(DB, "SELECT string_agg(concat_ws('|', status, "
                + "inserted, updated, rejected), ';' ORDER BY status, rejected DESC) FROM " + schema + ".fact_run"));
    }

    @Test
    void anAbandonedRunGetsItsRunFactFromTheClaimThatEndsIt() {
        RunRequest request = request("2026-03-01T10:00Z");
        SlotClaim.Claimed dead = Pg.claimed(sink.claim(request));
        assertEquals(0, Pg.count(DB, "SELECT count(*) FROM " + schema + ".fact_run"), "a running run has no fact yet");
        // Its process dies: the session holding its lease ends, and the next claim of the slot marks it abandoned.
        Pg.terminateAndWait(DB, ((PostgresUserSink.LeasedLoad) dead.load()).backendPid());
        dead.load().close();
        clock.advance(Duration.ofSeconds(5));

        SlotClaim.Claimed retry = Pg.claimed(sink.claim(request("2026-03-01T10:00Z")));
        assertEquals("abandoned", Pg.text(DB, "SELECT status FROM " + schema + ".fact_run WHERE run_id = '" + dead.runId() + "'"),
                "in the claim's own transaction, before the retry writes anything");
        try (var load = retry.load()) {
            Pg.write(retry, new Batch(SampleUsers.users(1, 2), List.of()), Pg.succeeded(retry, request, 2, clock.instant()));
        }

        star.assertConsistent();
        assertEquals("abandoned|1|t;succeeded|2|f", Pg.text(DB, "SELECT string_agg(concat_ws('|', status, attempt, total_ms IS NULL), ';' "
                + "ORDER BY attempt) FROM " + schema + ".fact_run"));
        assertEquals(dead.runId().toString(), Pg.text(DB, "SELECT run_id::text FROM " + schema + ".fact_run WHERE status = 'abandoned'"));
    }

    @Test
    void aStatusALaterMigrationAddsReachesFactRunWithNoChangeToTheStarSchema() throws SQLException {
        RunReport finished = load("2026-03-01T10:00Z", SampleUsers.users(1, 3));
        // What a later migration may do (a rebuild superseding a run, issue 14): a new status, given to a run that had
        // finished, and one a run ends with.
        Pg.execute(DB, "ALTER TABLE " + schema + ".etl_runs DROP CONSTRAINT etl_runs_status_check");
        Pg.execute(DB, "ALTER TABLE " + schema + ".etl_runs ADD CONSTRAINT etl_runs_status_check "
                + "CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned', 'superseded'))");
        String runFact = "SELECT status || '|' || xmin FROM " + schema + ".fact_run WHERE run_id = '%s'";
        String before = Pg.text(DB, String.format(runFact, finished.runId()));
        Pg.execute(DB, "UPDATE " + schema + ".etl_runs SET error = 'a note' WHERE run_id = '" + finished.runId() + "'");
        assertEquals(before, Pg.text(DB, String.format(runFact, finished.runId())), "no status change, no write");

        Pg.execute(DB, "UPDATE " + schema + ".etl_runs SET status = 'superseded' WHERE run_id = '" + finished.runId() + "'");
        RunRequest ending = request("2026-03-01T10:01Z");
        SlotClaim.Claimed claim = Pg.claimed(sink.claim(ending));
        try (var load = claim.load()) {
            Pg.execute(DB, "UPDATE " + schema + ".etl_runs SET status = 'superseded', finished_at = now() WHERE run_id = '" + claim.runId() + "'");
        }

        String status = "SELECT status FROM " + schema + ".fact_run WHERE run_id = '%s'";
        assertEquals("superseded", Pg.text(DB, String.format(status, finished.runId())), "a finished run given the new status");
        assertEquals("superseded", Pg.text(DB, String.format(status, claim.runId())), "a run ending with it");
        star.assertConsistent();

        // A run fact left behind (the status changed while the trigger was missing) is rewritten by warehouse_sync, once.
        Pg.execute(DB, "UPDATE " + schema + ".fact_run SET status = 'succeeded' WHERE run_id = '" + finished.runId() + "'");
        assertTrue(star.problems().stream().anyMatch(p -> p.startsWith("fact_run rows that differ from the ledger's")), star.problems().toString());
        try (Connection c = DB.connect(); Statement st = c.createStatement()) {
            st.execute("CALL " + schema + ".warehouse_sync()");
            star.assertConsistent();
            String synced = Pg.text(DB, "SELECT string_agg(run_id || '|' || xmin, ',' ORDER BY run_id) FROM " + schema + ".fact_run");
            st.execute("CALL " + schema + ".warehouse_sync()");
            assertEquals(synced, Pg.text(DB, "SELECT string_agg(run_id || '|' || xmin, ',' ORDER BY run_id) FROM " + schema + ".fact_run"),
                    "a second call writes no run fact");
        }
    }

    @Test
    void aNationalityTheStarSchemaDidNotKnowIsAddedWithoutACountryName() {
        load("2026-03-01T10:00Z", List.of(SampleUsers.withNationality(SampleUsers.user(1), "XK"), SampleUsers.user(2)));

        star.assertConsistent();
        assertEquals("XK|true", Pg.text(DB, "SELECT code || '|' || (country_name IS NULL) FROM " + schema + ".dim_nationality n WHERE "
                + "nationality_key = (SELECT nationality_key FROM " + schema + ".fact_registration WHERE uuid = '" + SampleUsers.user(1).uuid() + "')"));
        assertEquals(23, Pg.count(DB, "SELECT count(*) FROM " + schema + ".dim_nationality"), "the 22 known codes and XK");
    }

    @Test
    void datesBeyondTheCoveredRangeExtendDimDateOnBothSidesWithoutGaps() {
        User base = SampleUsers.user(1);
        load("2026-03-01T10:00Z", List.of(base));
        String firstRange = Pg.text(DB, "SELECT min(date) || '..' || max(date) FROM " + schema + ".dim_date");
        // Born just before midnight UTC on New Year's Eve 1900; registered on 3 January 2021, ISO week 53 of 2020.
        User early = SampleUsers.withDates(SampleUsers.user(2), Instant.parse("1900-12-31T23:59:59Z"), Instant.parse("2021-01-03T12:00:00Z"));
        clock.advance(Duration.ofDays(400));
        load("2027-04-05T10:00Z", List.of(early));

        assertEquals("1990-05-17..2026-03-01", firstRange);
        assertEquals("1900-12-31..2027-04-05", Pg.text(DB, "SELECT min(date) || '..' || max(date) FROM " + schema + ".dim_date"));
        star.assertConsistent();
        assertEquals("19001231|20210103|2020|53|7|Sunday|120", Pg.text(DB, "SELECT concat_ws('|', f.birth_date_key, r.date_key, r.iso_year, "
                + "r.iso_week, r.weekday, r.weekday_name, f.age_at_registration) FROM " + schema + ".fact_registration f JOIN " + schema
                + ".dim_date r ON r.date_key = f.registered_date_key WHERE f.uuid = '" + early.uuid() + "'"));
    }

    @Test
    void theDataWarehouseProcedureRefusesToLoadARunTwice() throws SQLException {
        RunReport report = load("2026-03-01T10:00Z", SampleUsers.users(1, 3));
        try (Connection c = DB.connect(); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.execute("CALL " + schema + ".warehouse_load_run('" + report.runId() + "')"));
            assertTrue(e.getSQLState().startsWith("23"), e.getSQLState() + " " + e.getMessage());
        }
        star.assertConsistent();
    }

    @Test
    void theMigrationFillsTheStarSchemaFromAnExistingSchema() {
        String existing = Pg.freshSchema("star_backfill");
        StarSchema backfilled = new StarSchema(DB, existing);
        try (PostgresDatabase db = PostgresDatabase.pooled(Pg.settings(DB, existing))) {
            new PostgresMigrations(db).migrateTo("7?"); // the last version before the star schema
            // Loads before V8: no procedure to call yet.
            PostgresUserSink before = new PostgresUserSink(db, clock, Staging.COPY, Warehouse.SKIPPED);
            loadHistoryWithEveryKindOfRun(before);
            assertNull(Pg.text(DB, "SELECT to_regclass('" + existing + ".dim_user')::text"), "no star schema before V8");

            new PostgresMigrations(db).migrate();

            backfilled.assertConsistent();
            assertEquals("dim_user=32 fact_registration=22 fact_run=5", backfilled.counts());
            // And from here on the sink keeps it.
            clock.advance(Duration.ofMinutes(1));
            Pg.writeAll(new PostgresUserSink(db, clock), request("2026-03-01T11:00Z"), new Batch(List.of(SampleUsers.withEmail(SampleUsers.user(1), "after.v8@example.com")), List.of()), clock.instant());
            backfilled.assertConsistent();
            assertEquals("dim_user=33 fact_registration=22 fact_run=6", backfilled.counts());
        }
    }

    @Test
    void warehouseSyncRepairsAStarSchemaThatFellBehindAndASecondCallChangesNothing() throws SQLException {
        load("2026-03-01T09:00Z", SampleUsers.users(1, 2));
        PostgresUserSink behind = new PostgresUserSink(migrated.db(), clock, Staging.COPY, Warehouse.SKIPPED);
        loadHistoryWithEveryKindOfRun(behind);
        List<String> problems = star.problems();
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("dim_user versions that are not users_history's")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("fact_registration rows that do not match users")), problems.toString());

        try (Connection c = DB.connect(); Statement st = c.createStatement()) {
            st.execute("CALL " + schema + ".warehouse_sync()");
            star.assertConsistent();
            String synced = star.rowVersions();
            st.execute("CALL " + schema + ".warehouse_sync()");
            assertEquals(synced, star.rowVersions(), "a second call writes nothing");
        }
        assertEquals("dim_user=32 fact_registration=22 fact_run=6", star.counts());
    }

    @Test
    void concurrentLoadsAddingTheSameNewDatesAndNationalitiesLeaveTheStarSchemaConsistent() throws Exception {
        // Two pipelines, each with users of its own (a user changed by two runs at once is the core's business, not the
        // warehouse's); every round both change all of theirs and bring new users of the same new nationality, born on
        // days below what dim_date covers, on a new day: both extend the same dimensions at the same moment.
        List<List<User>> own = new ArrayList<>(List.of(SampleUsers.many(100, 11), SampleUsers.many(100, 12)));
        List<User> all = new ArrayList<>(own.get(0));
        all.addAll(own.get(1));
        load("2026-03-01T09:00Z", all);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                clock.advance(Duration.ofDays(1));
                String day = java.time.LocalDate.parse("2026-03-02").plusDays(round).toString();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<RunReport>> loads = new ArrayList<>();
                for (int p = 0; p < 2; p++) {
                    List<User> batch = new ArrayList<>();
                    for (User u : own.get(p)) {
                        batch.add(SampleUsers.withEmail(u, "r" + round + "." + u.email()));
                    }
                    for (User u : SampleUsers.many(50, 100 + round * 2L + p)) {
                        Instant born = Instant.parse("1850-06-01T00:00:00Z").minus(Duration.ofDays(round * 20L + p * 7L + Math.floorMod(u.uuid().hashCode(), 5)));
                        batch.add(SampleUsers.withNationality(SampleUsers.withDates(u, born, u.registeredAt()), "Q" + (char) ('A' + round)));
                    }
                    own.set(p, batch.subList(0, 100));
                    RunRequest request = migrated.request("pipeline-" + p, day + "T10:00Z");
                    PostgresUserSink sink = new PostgresUserSink(migrated.db(), clock);
                    loads.add(pool.submit(() -> {
                        start.await();
                        return Pg.writeAll(sink, request, new Batch(batch, List.of()), clock.instant());
                    }));
                }
                start.countDown();
                for (Future<RunReport> f : loads) {
                    RunReport r = f.get(2, TimeUnit.MINUTES);
                    assertEquals(new LoadCounts(50, 100, 0, 0), r.counts(), r.toString());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        star.assertConsistent();
        assertEquals("dim_user=1100 fact_registration=500 fact_run=7", star.counts(), "200 users with 4 versions, 300 new ones");
        assertEquals("QA,QB,QC", Pg.text(DB, "SELECT string_agg(code, ',' ORDER BY code) FROM " + schema + ".dim_nationality WHERE code LIKE 'Q_'"));
    }

    @Test
    void pruningTheLedgerLeavesTheStarSchema() {
        load("2026-03-01T10:00Z", SampleUsers.users(1, 3));
        String before = star.rowVersions();
        clock.advance(Duration.ofDays(40));

        PostgresOperations.Pruned pruned = new PostgresOperations(migrated.db(), clock).prune(Duration.ofDays(30));

        assertEquals(1, pruned.runs());
        assertEquals(before, star.rowVersions());
        assertEquals("dim_user=3 fact_registration=3 fact_run=1", star.counts(), "the warehouse keeps the run's fact");
    }

    /**
     * Runs of every kind through {@code sink}, each a minute apart: 20 new users; 5 changed, 10 unchanged
     * and 2 new; a failed run; an abandoned run and its retry, which changes those 5 users once more.
     * Afterwards: 22 users with 32 versions, 5 finished runs.
     */
    private void loadHistoryWithEveryKindOfRun(PostgresUserSink sink) {
        List<User> first = SampleUsers.users(1, 20);
        Pg.writeAll(sink, request("2026-03-01T10:00Z"), new Batch(first, List.of()), clock.instant());
        clock.advance(Duration.ofMinutes(1));
        List<User> second = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            second.add(i < 5 ? SampleUsers.withEmail(first.get(i), "second" + i + "@example.com") : first.get(i));
        }
        second.addAll(SampleUsers.users(21, 2));
        Pg.writeAll(sink, request("2026-03-01T10:01Z"), new Batch(second, List.of()), clock.instant());
        clock.advance(Duration.ofMinutes(1));
        RunRequest failing = request("2026-03-01T10:02Z");
        SlotClaim.Claimed failed = Pg.claimed(sink.claim(failing));
        try (var load = failed.load()) {
            load.fail(Pg.failed(failed, failing, "source: HTTP 503", clock.instant()));
        }
        clock.advance(Duration.ofMinutes(1));
        RunRequest abandoning = request("2026-03-01T10:03Z");
        SlotClaim.Claimed dead = Pg.claimed(sink.claim(abandoning));
        // Its process dies: the next claim of the slot marks it abandoned.
        Pg.terminateAndWait(DB, ((PostgresUserSink.LeasedLoad) dead.load()).backendPid());
        dead.load().close();
        clock.advance(Duration.ofMinutes(5));
        List<User> third = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            third.add(SampleUsers.withEmail(first.get(i), "third" + i + "@example.com"));
        }
        Pg.writeAll(sink, request("2026-03-01T10:03Z"), new Batch(third, List.of()), clock.instant());
    }

    private EtlPipeline pipeline(List<String> payloads) {
        List<RawRecord> records = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            records.add(TestUsers.raw(i, payloads.get(i)));
        }
        UserValidator validator = record -> record.payload().startsWith("user:")
                ? new Validation.Accepted(TestUsers.user(Integer.parseInt(record.payload().substring(5))))
                : new Validation.Rejected(record, List.of(new RejectionReason("", "not a user")));
        return EtlPipeline.builder().source(new ListUserSource(records)).validator(validator).sink(sink).clock(clock)
                .qualityGate(new QualityGate(0.5)).build();
    }
}

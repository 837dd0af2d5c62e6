package io.github.randomuseretl.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.pipeline.EtlPipeline;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunStatus;
import io.github.randomuseretl.core.run.Trigger;
import io.github.randomuseretl.core.testing.ListUserSource;
import io.github.randomuseretl.core.testing.Outcomes;
import io.github.randomuseretl.core.testing.TestDatabase;
import io.github.randomuseretl.core.testing.TestUsers;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The deadline holds while writing: with an {@code ACCESS EXCLUSIVE} lock held on a table the write
 * needs (a core table, the ledger, or the star schema's), the run ends failed within a moment of its
 * deadline instead of waiting for the lock, writes nothing, and its failure is recorded. Real time:
 * PostgreSQL's statement timeouts are real.
 */
class WriteDeadlineIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @RegisterExtension
    final MigratedSchema migrated = new MigratedSchema(DB, "deadline");

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private EtlPipeline pipeline() {
        List<RawRecord> records = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            records.add(TestUsers.raw(i, Integer.toString(i)));
        }
        return EtlPipeline.builder().source(new ListUserSource(records))
                .validator(r -> new Validation.Accepted(TestUsers.user(Integer.parseInt(r.payload()))))
                .sink(new PostgresUserSink(migrated.db(), Clock.systemUTC())).clock(Clock.systemUTC()).runTimeout(TIMEOUT).build();
    }

    private RunReport runWhileLocked(String table) throws Exception {
        try (Connection locker = DB.connect()) {
            locker.setAutoCommit(false);
            try (Statement st = locker.createStatement()) {
                st.execute("LOCK TABLE " + migrated.schema() + "." + table + " IN ACCESS EXCLUSIVE MODE");
            }
            Instant start = Instant.now();
            RunReport report = Outcomes.executed(pipeline().run(Slot.containing(start), Trigger.MANUAL));
            Duration took = Duration.between(start, Instant.now());
            // The lock is still held: only the deadline can have ended the run.
            assertTrue(took.compareTo(TIMEOUT) >= 0 && took.compareTo(TIMEOUT.plusSeconds(2)) < 0,
                    "ended " + took.toMillis() + " ms after it started, deadline " + TIMEOUT.toMillis() + " ms: " + report);
            locker.rollback();
            return report;
        }
    }

    @Test
    void aWriteBlockedByALockEndsFailedAtItsDeadlineWritesNothingAndIsRecorded() throws Exception {
        RunReport report = runWhileLocked("users");

        assertEquals(RunStatus.FAILED, report.status());
        assertTrue(report.error().startsWith("sink: could not write the batch of run " + report.runId() + ": cut off at its time bound"),
                report.error());
        assertEquals(0, Pg.count(DB, "SELECT count(*) FROM " + migrated.schema() + ".users"));
        assertEquals(0, Pg.count(DB, "SELECT count(*) FROM " + migrated.schema() + ".users_stage"));
        assertEquals("failed", Pg.text(DB, "SELECT status FROM " + migrated.schema() + ".etl_runs WHERE run_id = '" + report.runId() + "'"),
                "recording the failure has a bound of its own and goes through");
        assertEquals(0, Pg.count(DB, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"), "the lease went with the run");

        RunReport retry = Outcomes.executed(pipeline().run(report.slot(), Trigger.CATCH_UP));
        assertEquals(RunStatus.SUCCEEDED, retry.status(), retry.error());
        assertEquals(50, retry.inserted());
    }

    @Test
    void aStarSchemaBlockedByALockEndsTheWriteFailedAtItsDeadlineWithNothingWrittenButItsRunFact() throws Exception {
        // Only the data warehouse procedure needs dim_user: the users and their history are written, then it waits.
        RunReport report = runWhileLocked("dim_user");

        assertEquals(RunStatus.FAILED, report.status());
        assertTrue(report.error().startsWith("sink: could not write the batch of run " + report.runId() + ": cut off at its time bound"),
                report.error());
        assertEquals(0, Pg.count(DB, "SELECT count(*) FROM " + migrated.schema() + ".users"), "the users rolled back with the star schema");
        assertEquals(0, Pg.count(DB, "SELECT count(*) FROM " + migrated.schema() + ".users_history"));
        assertEquals(0, Pg.count(DB, "SELECT count(*) FROM " + migrated.schema() + ".dim_user"));
        assertEquals("failed", Pg.text(DB, "SELECT status FROM " + migrated.schema() + ".fact_run WHERE run_id = '" + report.runId() + "'"),
                "the failure, recorded on its own bound, adds the run's fact");

        RunReport retry = Outcomes.executed(pipeline().run(report.slot(), Trigger.CATCH_UP));
        assertEquals(RunStatus.SUCCEEDED, retry.status(), retry.error());
        assertEquals(50, retry.inserted());
        new StarSchema(DB, migrated.schema()).assertConsistent();
    }

    @Test
    void aClaimBlockedByALockedLedgerEndsFailedAtItsDeadlineToo() throws Exception {
        RunReport report = runWhileLocked("etl_runs");

        assertEquals(RunStatus.FAILED, report.status());
        assertTrue(report.error().startsWith("sink: could not claim the slot: could not claim slot "), report.error());
        assertTrue(report.error().contains("cut off at its time bound"), report.error());
        assertEquals(0, Pg.count(DB, "SELECT count(*) FROM " + migrated.schema() + ".etl_runs"), "nothing was claimed");
    }
}

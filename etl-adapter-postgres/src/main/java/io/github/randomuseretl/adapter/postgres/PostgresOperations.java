package io.github.randomuseretl.adapter.postgres;

import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.port.QuarantinedRecord;
import io.github.randomuseretl.core.port.RunLedger;
import io.github.randomuseretl.core.port.SinkException;
import io.github.randomuseretl.core.run.RunReport;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@link RunLedger} on PostgreSQL, and reachability: what operators, health checks and catch-up ask
 * of the database (recent runs, how each slot stands, the quarantine, pruning). Replaying quarantined
 * records is {@link PostgresQuarantineReplay}'s job. Thread-safe.
 */
public final class PostgresOperations implements RunLedger {

    private final PostgresDatabase db;
    private final Clock clock;

    /**
     * @param db    the database
     * @param clock the clock pruning counts ages from
     */
    public PostgresOperations(PostgresDatabase db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<RunReport> latestRuns(int limit) {
        checkLimit(limit);
        try {
            return db.jdbi().withExtension(RunLedgerDao.class, d -> d.latest(limit)).stream().map(RunRows.Row::toReport).toList();
        } catch (RuntimeException e) {
            throw failure("could not read the latest runs", e);
        }
    }

    /**
     * One run as the ledger holds it.
     *
     * @param runId the run
     * @return its report, if the ledger has it
     */
    public Optional<RunReport> run(UUID runId) {
        Objects.requireNonNull(runId, "runId");
        try {
            return db.jdbi().withExtension(RunLedgerDao.class, d -> d.find(runId)).map(RunRows.Row::toReport);
        } catch (RuntimeException e) {
            throw failure("could not read run " + runId, e);
        }
    }

    /**
     * The latest quarantined records, newest first, replayed or not.
     *
     * @param limit how many, 1 to {@link #MAX_LIMIT}
     * @return the records
     */
    public List<QuarantinedRecord> quarantined(int limit) {
        return quarantined(limit, null);
    }

    @Override
    public List<QuarantinedRecord> quarantined(int limit, UUID runId) {
        checkLimit(limit);
        try {
            return db.jdbi().withExtension(QuarantineDao.class, d -> d.latest(limit, runId)).stream().map(QuarantineDao.StoredRow::toRecord)
                    .toList();
        } catch (RuntimeException e) {
            throw failure("could not read the quarantine", e);
        }
    }

    /**
     * Deletes runs and quarantine rows older than the settings' retention ({@code ETL_RETENTION_DAYS}).
     *
     * @return what was deleted
     */
    public Pruned prune() {
        return prune(db.settings().retention());
    }

    /**
     * Deletes runs started and quarantine rows written longer ago than {@code olderThan}, with the
     * quarantine rows of the deleted runs, in one transaction. Users and their history are kept; so
     * is a run whose session still holds its lease. A pruned slot is no longer known to have
     * succeeded: a backfill of it runs again (and finds its users unchanged).
     *
     * @param olderThan the age, positive
     * @return what was deleted
     */
    @Override
    public Pruned prune(Duration olderThan) {
        if (olderThan == null || olderThan.isNegative() || olderThan.isZero()) {
            throw new IllegalArgumentException("olderThan must be positive");
        }
        Instant before = clock.instant().minus(olderThan);
        Instant now = clock.instant();
        return db.inTransaction("could not prune", h -> {
            RunLedgerDao ledger = h.attach(RunLedgerDao.class);
            // A run left running by a session that is gone is abandoned first, so it can go; a live one stays.
            for (UUID running : ledger.runningStartedBefore(before)) {
                if (ledger.leaseIsFree(Leases.runs(db), running)) {
                    ledger.abandon(running, now);
                }
            }
            long quarantined = h.attach(QuarantineDao.class).prune(before);
            long runs = ledger.pruneRuns(before);
            return new Pruned(runs, quarantined);
        });
    }

    /**
     * For a readiness check: can a connection be had and used right now?
     *
     * @return true if {@code SELECT 1} ran within 5 s
     */
    public boolean ping() {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout(5);
            st.execute("SELECT 1");
            return true;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public List<SlotRuns> slots(String pipeline, Instant from, Instant before) {
        Objects.requireNonNull(pipeline, "pipeline");
        try {
            return db.jdbi().withExtension(RunLedgerDao.class, d -> d.slots(pipeline, from, before));
        } catch (RuntimeException e) {
            throw failure("could not read the slots of " + pipeline, e);
        }
    }

    @Override
    public Optional<Slot> firstSlot(String pipeline) {
        Objects.requireNonNull(pipeline, "pipeline");
        try {
            return Optional.ofNullable(db.jdbi().withExtension(RunLedgerDao.class, d -> d.firstSlot(pipeline))).map(Slot::new);
        } catch (RuntimeException e) {
            throw failure("could not read the first run of " + pipeline, e);
        }
    }

    @Override
    public Optional<Instant> lastSuccessAt(String pipeline) {
        Objects.requireNonNull(pipeline, "pipeline");
        try {
            return Optional.ofNullable(db.jdbi().withExtension(RunLedgerDao.class, d -> d.lastSuccessAt(pipeline)));
        } catch (RuntimeException e) {
            throw failure("could not read the last success of " + pipeline, e);
        }
    }

    private static void checkLimit(int limit) {
        RunLedger.checkLimit(limit);
    }

    private SinkException failure(String what, Throwable e) {
        return db.failure(what, e);
    }
}

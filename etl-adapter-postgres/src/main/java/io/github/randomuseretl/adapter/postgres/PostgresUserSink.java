package io.github.randomuseretl.adapter.postgres;

import io.github.randomuseretl.core.model.User;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.port.RunLoad;
import io.github.randomuseretl.core.port.SinkException;
import io.github.randomuseretl.core.port.SlotClaim;
import io.github.randomuseretl.core.port.UserSink;
import io.github.randomuseretl.core.run.LoadCounts;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunRequest;
import io.github.randomuseretl.core.run.RunStatus;
import io.github.randomuseretl.core.run.SourceBudget;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link UserSink} on PostgreSQL: exactly one successful run per pipeline and slot, every batch
 * written whole or not at all, dead runs found in seconds, and the source's budget shared by every
 * process of the pipeline.
 *
 * <p><b>The run's session and its lease.</b> A claim takes one connection and keeps it for the whole
 * run: the claim, the write and the recording of a failure all happen on it, and {@link RunLoad#close}
 * returns it. While the run is alive that session holds the run's <em>lease</em>, a session-level
 * advisory lock keyed by the run id. PostgreSQL frees a session's locks the moment the session ends,
 * so a claimer that can take the lease of a {@code running} row knows its holder is gone; it marks the
 * row {@code abandoned} and claims the slot at once. A killed process's kernel closes its socket, and
 * the server ends the session immediately; a vanished host is noticed by TCP keepalives set on the
 * lease's session (about 11 s). A live run is never taken over, however slow: its session holds the
 * lease. Behind RDS Proxy the lease pins the run's connection for the run's duration, and the pinned
 * session ends when the client's connection does.
 *
 * <p><b>Claim</b> (one transaction on the run's session): a transaction-scoped advisory lock on the
 * slot serialises claimers; every {@code running} run of the slot whose lease is free is marked
 * {@code abandoned} (a row a writing transaction has locked belongs to a live run and is skipped); then
 * a succeeded run answers {@link SlotClaim.AlreadySucceeded}, a running one {@link SlotClaim.Busy}.
 * With a budget, a second transaction-scoped lock serialises the pipeline's budgeted claims, and a
 * window the source said is spent, or the users asked for in the budget's window plus this run's, defer
 * the claim ({@link SlotClaim.Deferred}); counting under the lock, two processes cannot both take the
 * last share. Otherwise a new {@code running} row records the users the run asks for, and the lease is
 * taken. Two partial unique indexes back this up: one succeeded and one running run per slot.
 *
 * <p><b>Write</b> (one transaction on the run's session, from the first record to the commit): users
 * and rejections stream into it while they arrive ({@link RunStaging}: users through a {@code COPY} into
 * the staging table kept open while they arrive, sent 64 KiB at a time; rejections inserted into the
 * quarantine up to 500 at a time), so the load never holds the batch and the server inserts while the
 * client fetches and validates. Every statement is bounded by the time left before the run's deadline
 * ({@code statement_timeout} and {@code lock_timeout}, transaction-scoped), so a write blocked by a lock ends at the deadline, rolls
 * back and the run is recorded failed; recording a failure has a short bound of its own. At the commit
 * the run's row is locked and must still be {@code running} (a run taken over meanwhile writes
 * nothing); the staged users are upserted into {@code users} (a row is touched only when its hash
 * differs; inserted and updated rows are counted exactly) and, in the same statement, SCD2 versions
 * closed and opened in {@code users_history}, the staging rows deleted, the star schema brought in step with the run's
 * changes (the data warehouse procedure, see the module README), the outcome recorded; then commit.
 * Nothing staged is visible to another session before that commit; any failure rolls all of it back,
 * and so does the server when the run's session ends (a killed process, a terminated backend), so a
 * dead run leaves no staging or quarantine rows behind. The transaction stays open while the source is
 * read: a server {@code idle_in_transaction_session_timeout} shorter than a pause of the source ends
 * the run (it fails and is retried).
 *
 * <p>A reload of an unchanged user writes nothing at all: its {@code last_seen_at} and
 * {@code last_run_id} keep the run that last inserted or changed it, and the run's {@code unchanged}
 * count records the sighting. Timestamps come from the injected clock. Thread-safe; each
 * {@link RunLoad} is confined to one thread.
 */
public final class PostgresUserSink implements UserSink {

    /** The bound of the transaction that records a failed run: short, and not tied to the run's deadline, which may have passed. */
    static final Duration FAIL_BOUND = Duration.ofSeconds(5);
    /** The least time a claim is given, even for a run whose deadline is about to pass. */
    static final Duration MIN_CLAIM_BOUND = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(PostgresUserSink.class);

    private final PostgresDatabase db;
    private final Clock clock;
    private final Staging staging;
    private final Warehouse warehouse;
    private final String lockNamespace;
    private final String leaseNamespace;

    /**
     * @param db    the database (migrated)
     * @param clock the clock for ledger, history and quarantine timestamps, and for deadlines
     */
    public PostgresUserSink(PostgresDatabase db, Clock clock) {
        this(db, clock, Staging.COPY);
    }

    PostgresUserSink(PostgresDatabase db, Clock clock, Staging staging) {
        this(db, clock, staging, Warehouse.KEPT);
    }

    PostgresUserSink(PostgresDatabase db, Clock clock, Staging staging, Warehouse warehouse) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.staging = Objects.requireNonNull(staging, "staging");
        this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
        this.lockNamespace = Leases.claims(db);
        this.leaseNamespace = Leases.runs(db);
    }

    @Override
    public SlotClaim claim(RunRequest request) {
        Objects.requireNonNull(request, "request");
        Handle session;
        try {
            session = db.jdbi().open();
        } catch (RuntimeException e) {
            throw db.failure("could not claim slot " + request.slot() + " of " + request.pipeline(), e);
        }
        AtomicBoolean leaseTaken = new AtomicBoolean();
        SlotClaim claim = null;
        try {
            claim = inTransaction(session, "could not claim slot " + request.slot() + " of " + request.pipeline(),
                    h -> claimIn(h, request, session, leaseTaken));
            return claim;
        } finally {
            if (!(claim instanceof SlotClaim.Claimed)) {
                if (leaseTaken.get()) {
                    // The lease outlives a rolled-back transaction: this connection must never be reused.
                    db.evict(session.getConnection());
                }
                closeQuietly(session);
            }
        }
    }

    private SlotClaim claimIn(Handle h, RunRequest request, Handle session, AtomicBoolean leaseTaken) {
        RunLedgerDao ledger = h.attach(RunLedgerDao.class);
        Instant now = clock.instant();
        Duration left = Duration.between(now, request.deadline());
        ledger.boundStatements((left.compareTo(MIN_CLAIM_BOUND) < 0 ? MIN_CLAIM_BOUND : left).toMillis());
        Instant slot = request.slot().start();
        ledger.lockSlot(lockNamespace, request.pipeline() + "|" + request.slot());
        for (UUID running : ledger.runningToProbe(request.pipeline(), slot)) {
            // Stamped when its lease is found free, not when this claim began: a claim that waited for the
            // slot's lock while the holder died must not record the death before it happened.
            if (ledger.leaseIsFree(leaseNamespace, running) && ledger.abandon(running, clock.instant()) == 1) {
                LOG.warn("run {} of {} slot {} lost its session without finishing; marked abandoned, the slot is claimed again",
                        running, request.pipeline(), request.slot());
            }
        }
        Optional<RunRows.Row> existing = ledger.findSucceededOrRunning(request.pipeline(), slot);
        boolean reload = false;
        if (existing.isPresent()) {
            RunRows.Row row = existing.get();
            UUID running = "succeeded".equals(row.status()) && request.reload() ? ledger.runningRun(request.pipeline(), slot) : null;
            if (running != null) {
                return new SlotClaim.Busy(running);
            }
            if (!"succeeded".equals(row.status()) || !request.reload()) {
                return "succeeded".equals(row.status())
                        ? new SlotClaim.AlreadySucceeded(row.toReport())
                        : new SlotClaim.Busy(row.runId());
            }
            // rebuild --force: a second success of a loaded slot, recorded as a reload.
            reload = true;
        }
        Optional<SourceBudget> budget = request.budgetToCheck();
        if (budget.isPresent()) {
            Optional<SlotClaim.Deferred> deferred = deferred(ledger, request, budget.get());
            if (deferred.isPresent()) {
                return deferred.get();
            }
        }
        int attempt = ledger.lastAttempt(request.pipeline(), slot) + 1;
        UUID runId = UUID.randomUUID();
        ledger.insertRunning(runId, request.pipeline(), slot, request.trigger().text(), attempt, request.startedAt(),
                request.deadline(), RawPayloads.parametersJson(request.parameters()), request.users(), reload);
        leaseTaken.set(true);
        ledger.takeLease(leaseNamespace, runId);
        ledger.keepAlive();
        return new SlotClaim.Claimed(runId, attempt, new LeasedLoad(session, runId, request.deadline()));
    }

    /** The budget, counted under a pipeline-wide lock so two processes never both take the last share. */
    private Optional<SlotClaim.Deferred> deferred(RunLedgerDao ledger, RunRequest request, SourceBudget budget) {
        ledger.lockSlot(lockNamespace, request.pipeline() + "|budget");
        Instant now = request.startedAt();
        Instant spentUntil = ledger.rateLimitedUntil(request.pipeline(), now);
        if (spentUntil != null) {
            return Optional.of(new SlotClaim.Deferred(spentUntil,
                    "the source said its window is spent (HTTP 429); no run asks it before " + spentUntil));
        }
        List<SourceBudget.Spend> spends = ledger.spends(request.pipeline(), now.minus(budget.window())).stream()
                .map(s -> new SourceBudget.Spend(s.doneBy(), s.requestedUsers())).toList();
        long spent = budget.spentAt(spends, now);
        return budget.deferredUntil(spends, request.users(), now).map(until -> new SlotClaim.Deferred(until,
                "source budget " + budget + ": " + spent + " users asked for in the last window, this run asks for " + request.users()));
    }

    /**
     * A claimed run's load: its own session (which holds the run's lease) and, from the first record on,
     * the run's one write transaction on it. Users and rejections stream into that transaction in
     * chunks while they arrive ({@link RunStaging}): the load holds at most one chunk of each, however
     * large the batch, and nothing of it is visible to another session before the commit, which upserts
     * the staged users, versions them and records the outcome in the same transaction. A failure, a
     * close without outcome, a dead process or a killed session rolls all of it back. Not thread-safe,
     * like every {@link RunLoad}.
     */
    final class LeasedLoad implements RunLoad {
        private final Handle session;
        private final UUID runId;
        private final Instant deadline;
        /** The failure messages of stage and quarantine, made once rather than for every record. */
        private final String stageFailed;
        private final String quarantineFailed;
        /** What the open write transaction has staged; {@code null} while none is open. */
        private RunStaging staged;
        /** A record could not be staged: the transaction can only roll back. */
        private boolean broken;
        private boolean closed;
        /** The session was lost and closed for good; the lease went with it. */
        private boolean evicted;

        LeasedLoad(Handle session, UUID runId, Instant deadline) {
            this.session = session;
            this.runId = runId;
            this.deadline = deadline;
            this.stageFailed = "could not stage the users of run " + runId;
            this.quarantineFailed = "could not stage the rejections of run " + runId;
        }

        @Override
        public void stage(User user) {
            Objects.requireNonNull(user, "user");
            stream(stageFailed, s -> s.user(user));
        }

        @Override
        public void quarantine(Validation.Rejected rejection) {
            Objects.requireNonNull(rejection, "rejection");
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            stream(quarantineFailed, s -> s.rejection(rejection, now));
        }

        private void stream(String what, StagingStep step) {
            requireOpen();
            requireSession(what);
            if (broken) {
                throw new SinkException(what + ": an earlier record could not be staged; nothing was written");
            }
            try {
                step.apply(staging());
            } catch (Exception e) {
                broken = true;
                throw failure(what, e);
            }
        }

        @Override
        public RunReport commit(Function<LoadCounts, RunReport> outcome) {
            return write(outcome, true, null, 0);
        }

        @Override
        public RunReport commitRejectionsOnly(Function<LoadCounts, RunReport> outcome) {
            return write(outcome, false, null, 0);
        }

        @Override
        public void fail(RunReport report) {
            record(report, null);
        }

        @Override
        public void failRateLimited(RunReport report, Instant until) {
            record(report, Objects.requireNonNull(until, "until"));
        }

        /** Records the run as failed (and a spent window, if given), within {@link #FAIL_BOUND}; drops what was staged. */
        private void record(RunReport report, Instant rateLimitedUntil) {
            Objects.requireNonNull(report, "report");
            if (!report.runId().equals(runId)) {
                throw new IllegalArgumentException("the report is for run " + report.runId() + ", not " + runId);
            }
            if (report.status() != RunStatus.FAILED) {
                throw new IllegalArgumentException("fail() records failed runs, not " + report.status().text());
            }
            requireOpen();
            rollback();
            RunReport normalised = RunRows.normalise(report);
            Instant until = rateLimitedUntil == null ? null : rateLimitedUntil.truncatedTo(ChronoUnit.MICROS);
            HandleCallback<Integer, Exception> finish = h -> {
                RunLedgerDao ledger = h.attach(RunLedgerDao.class);
                ledger.boundStatements(FAIL_BOUND.toMillis());
                return ledger.finish(RunRows.Finish.of(normalised, until));
            };
            String what = "could not record run " + runId + " as failed";
            int updated;
            if (evicted) {
                updated = inTransaction(null, what, finish);
            } else {
                try {
                    updated = inTransaction(session, what, finish);
                } catch (SinkException e) {
                    if (!SqlErrors.isConnectionFailure(e) && usable(session)) {
                        throw e;
                    }
                    // The run's session is gone, and its lease with it: record the failure (and its real
                    // error) on a fresh connection, unless another process has taken the slot over by now.
                    evict();
                    updated = inTransaction(null, what, finish);
                }
            }
            if (updated != 1) {
                throw new SinkException("run " + runId + " is not running any more (abandoned or finished); its failure was not recorded");
            }
        }

        /**
         * Ends the run's write transaction with the outcome: the last chunks written, the staged users
         * upserted and versioned (unless {@code keepUsers} is false: the quality gate refused them), the
         * star schema brought in step, the outcome recorded, then commit; every statement bounded by the
         * time left before the deadline. Any failure rolls all of it back.
         *
         * @param keepUsers         false to drop the staged users and keep only the rejections
         * @param replayed          for a replay: the quarantine rows whose records these users came from;
         *                          they are marked replayed in the same transaction (if the run succeeds).
         *                          {@code null} otherwise.
         * @param rejectedElsewhere rejections counted but not staged here (a replay's records still
         *                          rejected stay the quarantine rows they are)
         */
        RunReport write(Function<LoadCounts, RunReport> outcome, boolean keepUsers, List<Long> replayed, long rejectedElsewhere) {
            Objects.requireNonNull(outcome, "outcome");
            requireOpen();
            String what = "could not write the batch of run " + runId;
            requireSession(what);
            if (broken) {
                rollback();
                throw new SinkException(what + ": a record could not be staged; nothing was written");
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            try {
                RunStaging s = staging();
                // Ends the COPY kept open while users arrived, so the session takes other statements.
                s.flushUsers();
                // Each step is bounded first, so no statement of this transaction outlives the run's deadline.
                Runnable bound = () -> bound(session);
                RunLedgerDao ledger = session.attach(RunLedgerDao.class);
                bound.run();
                String status = ledger.lockForWrite(runId)
                        .orElseThrow(() -> new SinkException("run " + runId + " is not in the ledger; nothing was written"));
                if (!"running".equals(status)) {
                    throw new SinkException("run " + runId + " is " + status
                            + ", not running (another process took its slot over); nothing was written");
                }
                long users = keepUsers ? s.users() : 0;
                UserLoadDao.Upserted up = users == 0 ? new UserLoadDao.Upserted(0, 0, 0, 0) : upsert(session, now, bound);
                if (s.users() > 0) {
                    // Staging rows must not outlive the transaction, whether they were loaded or dropped.
                    bound.run();
                    session.attach(UserLoadDao.class).clearStage(runId);
                }
                bound.run();
                warehouse.follow(session, runId);
                s.flushRejections();
                LoadCounts counts = new LoadCounts(up.inserted(), up.updated(), users - up.inserted() - up.updated(),
                        s.rejections() + rejectedElsewhere);
                RunReport report = RunRows.normalise(Objects.requireNonNull(outcome.apply(counts), "outcome returned null"));
                if (!report.runId().equals(runId)) {
                    throw new IllegalArgumentException("the outcome's report is for run " + report.runId() + ", not " + runId);
                }
                if (report.status() != RunStatus.SUCCEEDED && report.status() != RunStatus.FAILED) {
                    throw new IllegalArgumentException("a written run ends succeeded or failed, not " + report.status().text());
                }
                if (replayed != null && report.succeeded()) {
                    bound.run();
                    markReplayed(session, runId, replayed, now);
                }
                bound.run();
                if (ledger.finish(RunRows.Finish.of(report)) != 1) {
                    throw new SinkException("run " + runId + " stopped running while it was written; nothing was written");
                }
                session.commit();
                staged = null;
                return report;
            } catch (Exception e) {
                rollback();
                throw failure(what, e);
            }
        }

        /** Upserts the staged users and versions them (one statement); refuses a batch that holds a uuid twice. */
        private UserLoadDao.Upserted upsert(Handle h, Instant now, Runnable bound) {
            UserLoadDao dao = h.attach(UserLoadDao.class);
            bound.run();
            Optional<UUID> twice = dao.stagedTwice(runId);
            if (twice.isPresent()) {
                // The pipeline stages each uuid once (the first record of a uuid wins, later ones are
                // rejected); a load given one twice cannot know which is meant.
                throw new SinkException("the batch holds user " + twice.get() + " twice; nothing was written");
            }
            bound.run();
            // One statement upserts and versions: the history rows come from what the upsert returned.
            UserLoadDao.Upserted up = dao.upsert(runId, now);
            if (up.opened() != up.inserted() + up.updated()) {
                throw new SinkException("history: opened " + up.opened() + " versions for " + (up.inserted() + up.updated())
                        + " inserted or updated users; nothing was written");
            }
            if (up.closed() != up.updated()) {
                // Only possible if history rows were removed by hand; the new versions repair it.
                LOG.warn("history: closed {} current versions for {} updated users of run {}", up.closed(), up.updated(), runId);
            }
            return up;
        }

        /** The run's write transaction, begun on the first record (or the commit). */
        private RunStaging staging() {
            if (staged == null) {
                session.begin();
                session.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
                staged = new RunStaging(session, db.quotedSchema(), staging, runId, () -> bound(session));
            }
            return staged;
        }

        /** Drops what is staged: rolls the write transaction back; a session that cannot roll back is closed for good. */
        private void rollback() {
            if (staged != null) {
                staged.discard();
                staged = null;
            }
            broken = false;
            if (evicted) {
                return;
            }
            try {
                if (session.isInTransaction()) {
                    session.rollback();
                }
            } catch (RuntimeException e) {
                LOG.debug("run {}: the write transaction could not be rolled back ({}); closing its session", runId, e.toString());
                evict();
            }
        }

        /** Bounds the next statements by the time left; refuses to go on once the deadline has passed. */
        private void bound(Handle h) {
            long millis = Duration.between(clock.instant(), deadline).toMillis();
            if (millis <= 0) {
                throw new SinkException("the run's deadline " + deadline + " passed while its batch was written; nothing was written");
            }
            h.attach(RunLedgerDao.class).boundStatements(millis);
        }

        private void requireOpen() {
            if (closed) {
                throw new SinkException("the load of run " + runId + " is closed; nothing was written");
            }
        }

        /** A lost session took the run's transaction and lease with it: nothing more can be written. */
        private void requireSession(String what) {
            if (evicted) {
                throw new SinkException(what + ": the run's session was lost, and its lease with it; nothing was written");
            }
        }

        private void evict() {
            if (!evicted) {
                evicted = true;
                db.evict(session.getConnection());
                closeQuietly(session);
            }
        }

        /** @return the run's own database session, for tests that inspect or end it */
        Handle session() {
            return session;
        }

        /** @return the run's database session's process id, for tests that end it (known to the driver: no statement, so also while a COPY is open) */
        int backendPid() {
            try {
                return session.getConnection().unwrap(PGConnection.class).getBackendPID();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Drops what is staged, releases the lease and returns the session; a session that cannot be cleared is closed for good. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            rollback();
            if (evicted) {
                return;
            }
            try {
                RunLedgerDao ledger = session.attach(RunLedgerDao.class);
                ledger.releaseLease(leaseNamespace, runId);
                ledger.resetKeepAlive();
            } catch (RuntimeException e) {
                LOG.debug("run {}: the session could not be cleared ({}); closing it", runId, e.toString());
                evict();
                return;
            }
            closeQuietly(session);
        }
    }

    /** One step of staging, which may fail. */
    @FunctionalInterface
    private interface StagingStep {
        void apply(RunStaging staging) throws Exception;
    }

    PostgresDatabase database() {
        return db;
    }

    /**
     * Runs {@code body} in one READ COMMITTED transaction on a given session (or a fresh connection if
     * {@code null}) and reports the first failure inside it; a statement cut off by its bound says so.
     */
    private <T> T inTransaction(Handle session, String what, HandleCallback<T, Exception> body) {
        AtomicReference<Exception> first = new AtomicReference<>();
        HandleCallback<T, Exception> recording = h -> {
            try {
                return body.withHandle(h);
            } catch (Exception e) {
                first.compareAndSet(null, e);
                throw e;
            }
        };
        try {
            return session == null ? db.jdbi().inTransaction(TransactionIsolationLevel.READ_COMMITTED, recording)
                    : session.inTransaction(TransactionIsolationLevel.READ_COMMITTED, recording);
        } catch (Exception e) {
            throw failure(what, first.get() != null ? first.get() : e);
        }
    }

    /** @return the one-line exception for a failure while writing; a statement cut off by its bound says so */
    private SinkException failure(String what, Exception cause) {
        if (SqlErrors.isTimeout(cause)) {
            return new SinkException(what + ": cut off at its time bound (the run's deadline): " + SqlErrors.describe(cause)
                    + "; nothing was written", cause);
        }
        return db.failure(what, cause);
    }

    /** @return true if the session's connection is open and answers */
    private static boolean usable(Handle session) {
        try {
            return !session.getConnection().isClosed() && session.getConnection().isValid(1);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private static void closeQuietly(Handle h) {
        try {
            h.close();
        } catch (RuntimeException e) {
            LOG.debug("closing a session failed: {}", e.toString());
        }
    }

    private static void markReplayed(Handle h, UUID runId, List<Long> ids, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        int marked = h.attach(QuarantineDao.class).markReplayed(ids.toArray(Long[]::new), runId, now);
        if (marked != ids.size()) {
            throw new SinkException("replay: " + (ids.size() - marked) + " of " + ids.size()
                    + " quarantined records were replayed by another run meanwhile; nothing was written");
        }
    }
}

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
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link UserSink} on PostgreSQL: exactly one successful run per pipeline and slot, and every batch
 * written whole or not at all.
 *
 * <p><b>Claim.</b> One transaction takes a transaction-scoped advisory lock on the slot, marks
 * {@code abandoned} any run of the slot still {@code running} past its deadline plus the grace period
 * (its process is presumed dead), then answers {@link SlotClaim.AlreadySucceeded} if the slot
 * succeeded, {@link SlotClaim.Busy} if a live run holds it, else records a new {@code running} run. Two
 * partial unique indexes back this up: one succeeded and one running run per slot.
 *
 * <p><b>Write.</b> The claimed run's {@link RunLoad} keeps what is staged until its commit. One transaction locks the run's ledger row and checks it is still {@code running} (a
 * run marked abandoned meanwhile writes nothing: its slot may already be retried); COPYs the users into
 * a staging table; upserts them into {@code users}, touching a row only when its hash differs, and
 * counts inserted and updated rows exactly; closes and opens SCD2 versions in {@code users_history};
 * quarantines the rejections with credentials redacted; records the outcome; commits. Any failure
 * rolls all of it back.
 *
 * <p>A reload of an unchanged user writes nothing at all: its {@code last_seen_at} and
 * {@code last_run_id} keep the run that last inserted or changed it, and the run's {@code unchanged}
 * count records the sighting. Timestamps come from the injected clock. Thread-safe.
 */
public final class PostgresUserSink implements UserSink {

    /** How long past its deadline a running run is still presumed alive. */
    public static final Duration DEFAULT_ABANDON_GRACE = PostgresSettings.DEFAULT_ABANDON_GRACE;

    private static final Logger LOG = LoggerFactory.getLogger(PostgresUserSink.class);
    private static final int COPY_CHUNK_CHARS = 1 << 16;

    private final PostgresDatabase db;
    private final Clock clock;
    private final Duration abandonGrace;
    private final Staging staging;
    private final String lockNamespace;
    private volatile LoadTimings lastTimings = LoadTimings.NONE;

    /**
     * A sink with the default grace period of 30 s.
     *
     * @param db    the database (migrated)
     * @param clock the clock for ledger, history and quarantine timestamps
     */
    public PostgresUserSink(PostgresDatabase db, Clock clock) {
        this(db, clock, db.settings().abandonGrace());
    }

    /**
     * @param db           the database (migrated)
     * @param clock        the clock for ledger, history and quarantine timestamps
     * @param abandonGrace how long past its deadline a running run is still presumed alive; allow for
     *                     clock skew between processes
     */
    public PostgresUserSink(PostgresDatabase db, Clock clock, Duration abandonGrace) {
        this(db, clock, abandonGrace, Staging.COPY);
    }

    PostgresUserSink(PostgresDatabase db, Clock clock, Duration abandonGrace, Staging staging) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.abandonGrace = Objects.requireNonNull(abandonGrace, "abandonGrace");
        if (abandonGrace.isNegative()) {
            throw new IllegalArgumentException("abandonGrace must not be negative");
        }
        this.staging = Objects.requireNonNull(staging, "staging");
        this.lockNamespace = "randomuser-etl/" + db.schema();
    }

    @Override
    public SlotClaim claim(RunRequest request) {
        Objects.requireNonNull(request, "request");
        Instant now = clock.instant();
        Instant slot = request.slot().start();
        return db.inTransaction("could not claim slot " + request.slot() + " of " + request.pipeline(), h -> {
            RunLedgerDao ledger = h.attach(RunLedgerDao.class);
            ledger.lockSlot(lockNamespace, request.pipeline() + "|" + request.slot());
            for (UUID dead : ledger.abandonOverdue(request.pipeline(), slot, now, now.minus(abandonGrace))) {
                LOG.warn("run {} of {} slot {} was still running past its deadline and grace period; marked abandoned",
                        dead, request.pipeline(), request.slot());
            }
            Optional<RunRows.Row> existing = ledger.findSucceededOrRunning(request.pipeline(), slot);
            if (existing.isPresent()) {
                RunRows.Row row = existing.get();
                return "succeeded".equals(row.status())
                        ? new SlotClaim.AlreadySucceeded(row.toReport())
                        : new SlotClaim.Busy(row.runId());
            }
            int attempt = ledger.lastAttempt(request.pipeline(), slot) + 1;
            UUID runId = UUID.randomUUID();
            ledger.insertRunning(runId, request.pipeline(), slot, request.trigger().text(), attempt,
                    request.startedAt(), request.deadline(), RawPayloads.parametersJson(request.parameters()));
            return new SlotClaim.Claimed(runId, attempt, new Load(runId));
        });
    }

    /**
     * A claimed run's load: holds what is staged until the commit writes it in one transaction.
     * Not thread-safe, like every {@link RunLoad}.
     */
    private final class Load implements RunLoad {
        private final UUID runId;
        private final List<User> users = new ArrayList<>();
        private final List<Validation.Rejected> rejections = new ArrayList<>();

        Load(UUID runId) {
            this.runId = runId;
        }

        @Override
        public void stage(User user) {
            users.add(Objects.requireNonNull(user, "user"));
        }

        @Override
        public void quarantine(Validation.Rejected rejection) {
            rejections.add(Objects.requireNonNull(rejection, "rejection"));
        }

        @Override
        public RunReport commit(Function<LoadCounts, RunReport> outcome) {
            try {
                return write(runId, users, rejections, outcome, null);
            } finally {
                close();
            }
        }

        @Override
        public RunReport commitRejectionsOnly(Function<LoadCounts, RunReport> outcome) {
            try {
                return write(runId, List.of(), rejections, outcome, null);
            } finally {
                close();
            }
        }

        @Override
        public void fail(RunReport report) {
            if (!report.runId().equals(runId)) {
                throw new IllegalArgumentException("the report is for run " + report.runId() + ", not " + runId);
            }
            PostgresUserSink.this.fail(report);
        }

        @Override
        public void close() {
            users.clear();
            rejections.clear();
        }
    }

    /**
     * Writes a run's users and rejections and its outcome in one transaction, optionally for a replay
     * of quarantined records.
     *
     * @param replayed for a replay: the quarantine rows whose records these users came from; they are
     *                 marked replayed in the same transaction (if the run succeeds) and the rejections
     *                 stay as the quarantine rows they already are. {@code null} otherwise.
     */
    RunReport write(UUID runId, List<User> users, List<Validation.Rejected> rejections, Function<LoadCounts, RunReport> outcome,
            List<Long> replayed) {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(outcome, "outcome");
        checkStorable(users);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<QuarantineDao.NewRow> quarantined = replayed != null ? List.of() : quarantineRows(runId, now, rejections);
        return db.inTransaction("could not write the batch of run " + runId, h -> {
            RunLedgerDao ledger = h.attach(RunLedgerDao.class);
            String status = ledger.lockForWrite(runId)
                    .orElseThrow(() -> new SinkException("run " + runId + " is not in the ledger; nothing was written"));
            if (!"running".equals(status)) {
                throw new SinkException("run " + runId + " is " + status
                        + ", not running (another process may have retried its slot); nothing was written");
            }
            LoadTimings timings = users.isEmpty() ? LoadTimings.NONE : load(h, runId, users, now);
            if (!quarantined.isEmpty()) {
                h.attach(QuarantineDao.class).insert(quarantined);
            }
            LoadCounts counts = new LoadCounts(timings.inserted(), timings.updated(),
                    users.size() - timings.inserted() - timings.updated(), rejections.size());
            RunReport report = RunRows.normalise(Objects.requireNonNull(outcome.apply(counts), "outcome returned null"));
            if (!report.runId().equals(runId)) {
                throw new IllegalArgumentException("the outcome's report is for run " + report.runId() + ", not " + runId);
            }
            if (report.status() != RunStatus.SUCCEEDED && report.status() != RunStatus.FAILED) {
                throw new IllegalArgumentException("a written run ends succeeded or failed, not " + report.status().text());
            }
            if (replayed != null && report.succeeded()) {
                markReplayed(h, runId, replayed, now);
            }
            if (ledger.finish(RunRows.Finish.of(report)) != 1) {
                throw new SinkException("run " + runId + " stopped running while it was written; nothing was written");
            }
            lastTimings = timings;
            return report;
        });
    }

    /** Records a claimed run as failed; see {@link RunLoad#fail}. */
    void fail(RunReport report) {
        Objects.requireNonNull(report, "report");
        if (report.status() != RunStatus.FAILED) {
            throw new IllegalArgumentException("fail() records failed runs, not " + report.status().text());
        }
        RunReport normalised = RunRows.normalise(report);
        int updated;
        try {
            updated = db.jdbi().withExtension(RunLedgerDao.class, ledger -> ledger.finish(RunRows.Finish.of(normalised)));
        } catch (RuntimeException e) {
            throw db.failure("could not record run " + report.runId() + " as failed", e);
        }
        if (updated != 1) {
            throw new SinkException("run " + report.runId() + " is not running any more (abandoned or finished); its failure was not recorded");
        }
    }

    PostgresDatabase database() {
        return db;
    }

    /** @return what the last successful write spent per step (for the benchmark and debugging) */
    LoadTimings lastTimings() {
        return lastTimings;
    }

    private LoadTimings load(Handle h, UUID runId, List<User> users, Instant now) throws SQLException {
        long t0 = System.nanoTime();
        if (staging == Staging.COPY) {
            copyIntoStage(h, runId, users);
        } else {
            List<UserRows.StageRow> rows = new ArrayList<>(users.size());
            users.forEach(u -> rows.add(UserRows.StageRow.of(runId, u)));
            h.attach(UserLoadDao.class).stage(rows);
        }
        long t1 = System.nanoTime();
        UserLoadDao dao = h.attach(UserLoadDao.class);
        UserLoadDao.Upserted up = dao.upsert(runId, now);
        long t2 = System.nanoTime();
        int opened = dao.openHistory(runId, now);
        long t3 = System.nanoTime();
        if (opened != up.inserted() + up.updated()) {
            throw new SinkException("history: opened " + opened + " versions for " + (up.inserted() + up.updated())
                    + " inserted or updated users; nothing was written");
        }
        if (up.closed() != up.updated()) {
            // Only possible if history rows were removed by hand; the new versions repair it.
            LOG.warn("history: closed {} current versions for {} updated users of run {}", up.closed(), up.updated(), runId);
        }
        dao.clearStage(runId);
        long t4 = System.nanoTime();
        return new LoadTimings(up.inserted(), up.updated(), Duration.ofNanos(t1 - t0), Duration.ofNanos(t2 - t1),
                Duration.ofNanos(t3 - t2), Duration.ofNanos(t4 - t3));
    }

    private void copyIntoStage(Handle h, UUID runId, List<User> users) throws SQLException {
        PGConnection pg = h.getConnection().unwrap(PGConnection.class);
        CopyIn copy = pg.getCopyAPI().copyIn("COPY " + db.quotedSchema() + ".users_stage (" + UserRows.STAGE_COLUMNS + ") FROM STDIN");
        try {
            StringBuilder chunk = new StringBuilder(COPY_CHUNK_CHARS + 4096);
            for (User u : users) {
                UserRows.appendCopyLine(chunk, runId, u);
                if (chunk.length() >= COPY_CHUNK_CHARS) {
                    byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
                    copy.writeToCopy(bytes, 0, bytes.length);
                    chunk.setLength(0);
                }
            }
            if (chunk.length() > 0) {
                byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
                copy.writeToCopy(bytes, 0, bytes.length);
            }
            long copied = copy.endCopy();
            if (copied != users.size()) {
                throw new SinkException("COPY staged " + copied + " rows for " + users.size() + " users; nothing was written");
            }
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
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

    private static List<QuarantineDao.NewRow> quarantineRows(UUID runId, Instant now, List<Validation.Rejected> rejections) {
        List<QuarantineDao.NewRow> rows = new ArrayList<>(rejections.size());
        for (Validation.Rejected r : rejections) {
            rows.add(QuarantineDao.NewRow.of(runId, now, r));
        }
        return rows;
    }

    /** Refuses, before touching the database, a batch the database would refuse half-way. */
    private static void checkStorable(List<User> users) {
        Set<UUID> seen = new HashSet<>(users.size() * 2);
        for (User u : users) {
            if (!seen.add(u.uuid())) {
                throw new SinkException("the batch holds user " + u.uuid() + " twice; nothing was written");
            }
            String field = UserRows.fieldWithNul(u);
            if (field != null) {
                throw new SinkException("user " + u.uuid() + ": " + field + " holds U+0000, which PostgreSQL cannot store; nothing was written");
            }
        }
    }

    /**
     * What one load did and spent.
     *
     * @param inserted users inserted
     * @param updated  users updated
     * @param stage    COPY (or batch) into the staging table
     * @param upsert   upsert into users, closing old versions
     * @param history  opening new versions
     * @param cleanup  emptying the staging rows
     */
    record LoadTimings(long inserted, long updated, Duration stage, Duration upsert, Duration history, Duration cleanup) {
        static final LoadTimings NONE = new LoadTimings(0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }
}

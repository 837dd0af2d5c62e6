package io.github.randomuseretl.core.testing;

import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.model.User;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.port.QuarantinedRecord;
import io.github.randomuseretl.core.port.RunLedger;
import io.github.randomuseretl.core.port.RunLoad;
import io.github.randomuseretl.core.port.SinkException;
import io.github.randomuseretl.core.port.SlotClaim;
import io.github.randomuseretl.core.port.UserSink;
import io.github.randomuseretl.core.run.LoadCounts;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunRequest;
import io.github.randomuseretl.core.run.RunStatus;
import io.github.randomuseretl.core.run.SourceBudget;
import io.github.randomuseretl.core.run.StageDurations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * An in-memory sink and ledger with the same contract as the real one ({@code UserSinkContract} runs
 * against both): one succeeded run per slot, one live run per slot, a load and its outcome applied
 * together or not at all, exact counts, the source budget counted from the runs, and a lease per run
 * that ends when its load is closed or its holder dies ({@link #holderDies}), after which the next
 * claim of the slot takes it over at once.
 */
public final class InMemoryUserSink implements UserSink, RunLedger {

    private final Clock clock;
    private final Map<UUID, User> users = new LinkedHashMap<>();
    private final List<Stored> quarantine = new ArrayList<>();
    private final Map<UUID, Run> runs = new LinkedHashMap<>();
    /** The runs whose holder is alive: the lease PostgreSQL keeps as a session lock. */
    private final Set<UUID> leases = new HashSet<>();
    private long nextQuarantineId = 1;

    /** A sink whose pruning ages are measured on the system clock. */
    public InMemoryUserSink() {
        this(Clock.systemUTC());
    }

    /**
     * @param clock the clock pruning measures ages on (claims use each request's start)
     */
    public InMemoryUserSink(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One ledger row. */
    private static final class Run {
        RunReport report;
        final long users;
        final Instant deadline;
        Instant rateLimitedUntil;

        Run(RunReport report, long users, Instant deadline) {
            this.report = report;
            this.users = users;
            this.deadline = deadline;
        }

        /** @return when its requests to the source were over at the latest */
        Instant sourceDoneBy() {
            return report.status() == RunStatus.RUNNING ? deadline : report.finishedAt();
        }
    }

    /** One quarantined record. */
    private record Stored(long id, UUID runId, Instant at, Validation.Rejected rejection) {
    }

    @Override
    public synchronized SlotClaim claim(RunRequest request) {
        Instant now = request.startedAt();
        int attempts = 0;
        for (Map.Entry<UUID, Run> e : runs.entrySet()) {
            RunReport r = e.getValue().report;
            if (r.pipeline().equals(request.pipeline()) && r.slot().equals(request.slot())) {
                attempts = Math.max(attempts, r.attempt());
                if (r.status() == RunStatus.RUNNING && !leases.contains(e.getKey())) {
                    e.getValue().report = finished(r, RunStatus.ABANDONED, now,
                            "abandoned: its holder ended without finishing the run (process died or lost its session)");
                }
            }
        }
        for (Map.Entry<UUID, Run> e : runs.entrySet()) {
            RunReport r = e.getValue().report;
            if (r.pipeline().equals(request.pipeline()) && r.slot().equals(request.slot())) {
                if (r.status() == RunStatus.SUCCEEDED && !request.reload()) {
                    return new SlotClaim.AlreadySucceeded(r);
                }
                if (r.status() == RunStatus.RUNNING) {
                    return new SlotClaim.Busy(e.getKey());
                }
            }
        }
        Optional<SourceBudget> budget = request.budgetToCheck();
        if (budget.isPresent()) {
            Optional<SlotClaim.Deferred> deferred = deferred(request, budget.get(), now);
            if (deferred.isPresent()) {
                return deferred.get();
            }
        }
        UUID id = UUID.randomUUID();
        runs.put(id, new Run(new RunReport(id, request.pipeline(), request.slot(), request.trigger(), attempts + 1, RunStatus.RUNNING,
                0, LoadCounts.NONE, StageDurations.ZERO, request.startedAt(), request.startedAt(), null), request.users(), request.deadline()));
        leases.add(id);
        return new SlotClaim.Claimed(id, attempts + 1, new Load(id));
    }

    /** The budget as the PostgreSQL sink counts it: a spent window first, then the users asked for in the last window. */
    private Optional<SlotClaim.Deferred> deferred(RunRequest request, SourceBudget budget, Instant now) {
        Instant spentUntil = null;
        List<SourceBudget.Spend> spends = new ArrayList<>();
        for (Run run : runs.values()) {
            if (!run.report.pipeline().equals(request.pipeline())) {
                continue;
            }
            if (run.rateLimitedUntil != null && run.rateLimitedUntil.isAfter(now)
                    && (spentUntil == null || run.rateLimitedUntil.isAfter(spentUntil))) {
                spentUntil = run.rateLimitedUntil;
            }
            spends.add(new SourceBudget.Spend(run.sourceDoneBy(), run.users));
        }
        if (spentUntil != null) {
            return Optional.of(new SlotClaim.Deferred(spentUntil, "the source said its window is spent (HTTP 429); no run asks it before "
                    + spentUntil));
        }
        long spent = budget.spentAt(spends, now);
        return budget.deferredUntil(spends, request.users(), now).map(until -> new SlotClaim.Deferred(until,
                "source budget " + budget + ": " + spent + " users asked for in the last window, this run asks for " + request.users()));
    }

    private static RunReport finished(RunReport r, RunStatus status, Instant at, String error) {
        Instant end = at.isBefore(r.startedAt()) ? r.startedAt() : at;
        return new RunReport(r.runId(), r.pipeline(), r.slot(), r.trigger(), r.attempt(), status, r.fetched(), r.counts(), r.durations(),
                r.startedAt(), end, error);
    }

    /**
     * The holder of a run dies (its process is killed, or loses its session): its lease ends, its load
     * can no longer write, and the next claim of its slot takes it over.
     *
     * @param runId the run
     */
    public synchronized void holderDies(UUID runId) {
        leases.remove(runId);
    }

    /** Buffers until the commit, which applies everything under the sink's lock. */
    private final class Load implements RunLoad {
        private final UUID runId;
        private final List<User> staged = new ArrayList<>();
        private final List<Validation.Rejected> rejected = new ArrayList<>();

        Load(UUID runId) {
            this.runId = runId;
        }

        @Override
        public void stage(User user) {
            staged.add(Objects.requireNonNull(user, "user"));
        }

        @Override
        public void quarantine(Validation.Rejected rejection) {
            rejected.add(Objects.requireNonNull(rejection, "rejection"));
        }

        @Override
        public RunReport commit(Function<LoadCounts, RunReport> outcome) {
            return write(staged, outcome);
        }

        @Override
        public RunReport commitRejectionsOnly(Function<LoadCounts, RunReport> outcome) {
            return write(List.of(), outcome);
        }

        private RunReport write(List<User> batch, Function<LoadCounts, RunReport> outcome) {
            synchronized (InMemoryUserSink.this) {
                requireHeld(runId);
                long inserted = 0;
                long updated = 0;
                long unchanged = 0;
                for (User u : batch) {
                    User before = users.get(u.uuid());
                    if (before == null) {
                        inserted++;
                    } else if (before.equals(u)) {
                        unchanged++;
                    } else {
                        updated++;
                    }
                }
                RunReport report = Objects.requireNonNull(outcome.apply(new LoadCounts(inserted, updated, unchanged, rejected.size())),
                        "outcome returned null");
                if (report.status() != RunStatus.SUCCEEDED && report.status() != RunStatus.FAILED) {
                    throw new IllegalArgumentException("a written run ends succeeded or failed, not " + report.status().text());
                }
                batch.forEach(u -> users.put(u.uuid(), u));
                Instant at = clock.instant();
                for (Validation.Rejected r : rejected) {
                    quarantine.add(new Stored(nextQuarantineId++, runId, at, r));
                }
                runs.get(runId).report = report;
                return report;
            }
        }

        @Override
        public void fail(RunReport report) {
            record(report, null);
        }

        @Override
        public void failRateLimited(RunReport report, Instant until) {
            record(report, Objects.requireNonNull(until, "until"));
        }

        private void record(RunReport report, Instant rateLimitedUntil) {
            synchronized (InMemoryUserSink.this) {
                if (!report.runId().equals(runId)) {
                    throw new IllegalArgumentException("the report is for run " + report.runId() + ", not " + runId);
                }
                if (report.status() != RunStatus.FAILED) {
                    throw new IllegalArgumentException("fail() records failed runs, not " + report.status().text());
                }
                requireHeld(runId);
                Run run = runs.get(runId);
                run.report = report;
                run.rateLimitedUntil = rateLimitedUntil;
            }
        }

        @Override
        public void close() {
            staged.clear();
            rejected.clear();
            synchronized (InMemoryUserSink.this) {
                leases.remove(runId);
            }
        }
    }

    private void requireHeld(UUID runId) {
        Run current = runs.get(runId);
        if (current == null || current.report.status() != RunStatus.RUNNING) {
            throw new SinkException("run " + runId + " is " + (current == null ? "not in the ledger" : current.report.status().text())
                    + ", not running (another process may have taken its slot over); nothing was written");
        }
        if (!leases.contains(runId)) {
            throw new SinkException("run " + runId + " lost its lease (its session ended); nothing was written");
        }
    }

    // ---- RunLedger ----

    @Override
    public synchronized List<RunReport> latestRuns(int limit) {
        RunLedger.checkLimit(limit);
        return runs.values().stream().map(r -> r.report)
                .sorted(Comparator.comparing(RunReport::startedAt).reversed().thenComparing(RunReport::runId))
                .limit(limit).toList();
    }

    @Override
    public synchronized List<SlotRuns> slots(String pipeline, Instant from, Instant before) {
        Map<Slot, List<RunReport>> bySlot = new TreeMap<>();
        for (Run run : runs.values()) {
            RunReport r = run.report;
            Instant s = r.slot().start();
            if (r.pipeline().equals(pipeline) && !s.isBefore(from) && s.isBefore(before)) {
                bySlot.computeIfAbsent(r.slot(), k -> new ArrayList<>()).add(r);
            }
        }
        List<SlotRuns> out = new ArrayList<>();
        bySlot.forEach((slot, list) -> {
            list.sort(Comparator.comparingInt(RunReport::attempt));
            RunReport last = list.get(list.size() - 1);
            String error = null;
            for (RunReport r : list) {
                if (r.error() != null) {
                    error = r.error();
                }
            }
            out.add(new SlotRuns(slot, list.size(), list.stream().anyMatch(RunReport::succeeded), last.status(), error));
        });
        return out;
    }

    @Override
    public synchronized Optional<Slot> firstSlot(String pipeline) {
        return runs.values().stream().map(r -> r.report).filter(r -> r.pipeline().equals(pipeline)).map(RunReport::slot)
                .min(Comparator.naturalOrder());
    }

    @Override
    public synchronized Optional<Instant> lastSuccessAt(String pipeline) {
        return runs.values().stream().map(r -> r.report).filter(r -> r.pipeline().equals(pipeline) && r.succeeded())
                .map(RunReport::finishedAt).max(Comparator.naturalOrder());
    }

    @Override
    public synchronized List<QuarantinedRecord> quarantined(int limit, UUID runId) {
        RunLedger.checkLimit(limit);
        List<QuarantinedRecord> out = new ArrayList<>();
        for (int i = quarantine.size() - 1; i >= 0 && out.size() < limit; i--) {
            Stored s = quarantine.get(i);
            if (runId == null || runId.equals(s.runId())) {
                String payload = s.rejection().record().payload();
                out.add(new QuarantinedRecord(s.id(), s.runId(), s.at(), s.rejection().record().origin().toString(),
                        payload, sha256(payload), s.rejection().reasons(), null, null));
            }
        }
        return out;
    }

    @Override
    public synchronized Pruned prune(Duration olderThan) {
        if (olderThan == null || olderThan.isNegative() || olderThan.isZero()) {
            throw new IllegalArgumentException("olderThan must be positive");
        }
        Instant before = clock.instant().minus(olderThan);
        Set<UUID> gone = new HashSet<>();
        runs.forEach((id, run) -> {
            // A run whose holder is gone goes too; a live one stays.
            if (run.report.startedAt().isBefore(before) && (run.report.status() != RunStatus.RUNNING || !leases.contains(id))) {
                gone.add(id);
            }
        });
        int q = quarantine.size();
        quarantine.removeIf(s -> gone.contains(s.runId()) || s.at().isBefore(before));
        gone.forEach(runs::remove);
        return new Pruned(gone.size(), q - quarantine.size());
    }

    // ---- for tests ----

    /** @return the users stored, by uuid */
    public synchronized Map<UUID, User> users() {
        return Map.copyOf(users);
    }

    /** @return every rejection stored */
    public synchronized List<Validation.Rejected> quarantine() {
        return quarantine.stream().map(Stored::rejection).toList();
    }

    /**
     * @param slot a slot
     * @return every run recorded for it, oldest first
     */
    public synchronized List<RunReport> runsFor(Slot slot) {
        return runs.values().stream().map(r -> r.report).filter(r -> Objects.equals(r.slot(), slot)).toList();
    }

    /**
     * @param runId a run
     * @return the users it asked the source for, as recorded
     */
    public synchronized long requestedUsers(UUID runId) {
        return Optional.ofNullable(runs.get(runId)).map(r -> r.users).orElseThrow();
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.github.randomuseretl.core.pipeline;

import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.RejectionReason;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.model.User;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.port.ArchiveLayout;
import io.github.randomuseretl.core.model.ArchivedObject;
import io.github.randomuseretl.core.port.FetchRequest;
import io.github.randomuseretl.core.port.FetchStats;
import io.github.randomuseretl.core.port.RawArchive;
import io.github.randomuseretl.core.port.RunLoad;
import io.github.randomuseretl.core.port.SourceException;
import io.github.randomuseretl.core.port.SourceRateLimitedException;
import io.github.randomuseretl.core.port.SlotClaim;
import io.github.randomuseretl.core.port.UserSink;
import io.github.randomuseretl.core.port.UserSource;
import io.github.randomuseretl.core.port.UserValidator;
import io.github.randomuseretl.core.run.LoadCounts;
import io.github.randomuseretl.core.run.RunOutcome;
import io.github.randomuseretl.core.run.RunProvenance;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunRequest;
import io.github.randomuseretl.core.run.RunStatus;
import io.github.randomuseretl.core.run.SourceBudget;
import io.github.randomuseretl.core.run.StageDurations;
import io.github.randomuseretl.core.run.Trigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one batch for a slot through a {@link UserSource}, a {@link UserValidator} and a {@link UserSink}.
 *
 * <p>What a caller can rely on:
 * <ul>
 *   <li>{@link #run} says what it did as a {@link RunOutcome}: it executed the run, found the slot
 *       already done (the earlier report comes back, nothing is fetched), found it busy with another
 *       live run, or was deferred by the source's budget (in the last two cases nothing is fetched or
 *       recorded);</li>
 *   <li>with a {@link SourceBudget}, every claim carries the users the source is asked for, and the
 *       sink defers a claim the budget cannot afford; a source that answers that the window is spent
 *       ({@link SourceRateLimitedException}) fails the run and the window is recorded as spent for
 *       every process, so nobody asks again before it ends;</li>
 *   <li>a source or sink failure fails the run and nothing of its batch is written;</li>
 *   <li>a bad record never fails the run: it is kept as a rejection (a second record with the same
 *       uuid in one batch is rejected too, so a batch never contradicts itself);</li>
 *   <li>with a {@link QualityGate}, a batch with too many rejections fails, no user of it is loaded,
 *       and its rejections are still kept;</li>
 *   <li>{@link #run} never throws for a failed run: the outcome says what happened;</li>
 *   <li>records flow through: each accepted user and each rejection goes to the sink's
 *       {@link RunLoad} as it arrives, so the pipeline holds no batch (only the uuids seen, to reject
 *       duplicates);</li>
 *   <li>with a {@link RawArchive}, every page the source reads whole is stored in it as received, and
 *       a manifest after the last page, before the batch is written; the ledger row lists the objects.
 *       A page that cannot be stored fails the run and nothing of its batch is written: no user is
 *       loaded without its raw page;</li>
 *   <li>each record's schema drift ({@link Validation#drift()}: unknown fields, missing optional parts)
 *       is counted per JSON pointer and recorded with the run;</li>
 *   <li>with {@link Builder#validationThreads} above 1, records are validated on worker threads while
 *       the source fetches, and their outcomes are applied in arrival order all the same.</li>
 * </ul>
 *
 * <p>Thread-safe: concurrent runs of different slots share nothing but the ports.
 */
public final class EtlPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(EtlPipeline.class);

    private final String name;
    private final UserSource source;
    private final UserValidator validator;
    private final UserSink sink;
    private final Clock clock;
    private final Duration runTimeout;
    private final QualityGate qualityGate;
    private final int validationThreads;
    private final SourceBudget sourceBudget;
    private final List<RunListener> listeners;
    private final RawArchive archive;

    private EtlPipeline(Builder b) {
        this.name = b.name;
        this.source = Objects.requireNonNull(b.source, "source is required");
        this.validator = Objects.requireNonNull(b.validator, "validator is required");
        this.sink = Objects.requireNonNull(b.sink, "sink is required");
        this.clock = Objects.requireNonNull(b.clock, "clock is required");
        this.runTimeout = b.runTimeout;
        this.qualityGate = b.qualityGate;
        this.validationThreads = b.validationThreads;
        this.sourceBudget = b.sourceBudget;
        this.listeners = List.copyOf(b.listeners);
        this.archive = b.archive;
    }

    /** @return a builder; source, validator, sink and clock are required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the pipeline's name, the scope of its slots in the ledger */
    public String name() {
        return name;
    }

    /** @return how long a run may take after its start */
    public Duration runTimeout() {
        return runTimeout;
    }

    /** @return the archive pages are stored in, if one is set */
    public Optional<RawArchive> archive() {
        return Optional.ofNullable(archive);
    }

    /** @return the source's budget claims respect, if one is set */
    public Optional<SourceBudget> sourceBudget() {
        return Optional.ofNullable(sourceBudget);
    }

    /**
     * Runs the batch for a slot with the configured run timeout as deadline.
     *
     * @param slot    the minute to run for
     * @param trigger what started the run
     * @return what the call did
     */
    public RunOutcome run(Slot slot, Trigger trigger) {
        return run(slot, trigger, null);
    }

    /**
     * Runs the batch for a slot.
     *
     * @param slot     the minute to run for
     * @param trigger  what started the run
     * @param deadline when the run must be over, or {@code null} for now plus the run timeout; the
     *                 earlier of the two is used
     * @return what the call did
     */
    public RunOutcome run(Slot slot, Trigger trigger, Instant deadline) {
        return run(slot, trigger, deadline, false);
    }

    /**
     * Runs the batch for a slot as a rebuild that may reload a slot which already succeeded
     * ({@code rebuild --force}); a slot that is running is still left alone.
     *
     * @param slot the minute to reload
     * @return what the call did
     */
    public RunOutcome reload(Slot slot) {
        return run(slot, Trigger.REBUILD, null, true);
    }

    private RunOutcome run(Slot slot, Trigger trigger, Instant deadline, boolean reload) {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(trigger, "trigger");
        Instant startedAt = clock.instant();
        Instant byTimeout = startedAt.plus(runTimeout);
        Instant effectiveDeadline = deadline == null || deadline.isAfter(byTimeout) ? byTimeout : deadline;
        if (!effectiveDeadline.isAfter(startedAt)) {
            effectiveDeadline = startedAt.plusMillis(1);
        }
        FetchRequest fetchRequest = new FetchRequest(slot, effectiveDeadline);
        RunRequest request = new RunRequest(name, slot, trigger, source.parameters(fetchRequest), startedAt, effectiveDeadline,
                source.requestedUsers(), Optional.ofNullable(sourceBudget), reload);
        notifyStarted(request);
        RunOutcome outcome = claimAndRun(request, fetchRequest);
        notifyFinished(outcome);
        return outcome;
    }

    private RunOutcome claimAndRun(RunRequest request, FetchRequest fetchRequest) {
        SlotClaim claim;
        try {
            claim = sink.claim(request);
        } catch (RuntimeException e) {
            // Nothing was recorded, so the id below exists only in this report and the logs.
            return new RunOutcome.Executed(new Attempt(request, UUID.randomUUID(), 1)
                    .failed("sink: could not claim the slot: " + describe(e)));
        }
        if (claim instanceof SlotClaim.AlreadySucceeded done) {
            return new RunOutcome.AlreadyDone(done.report());
        }
        if (claim instanceof SlotClaim.Busy busy) {
            return new RunOutcome.Busy(request.slot(), busy.runId());
        }
        if (claim instanceof SlotClaim.Deferred deferred) {
            return new RunOutcome.Deferred(request.slot(), deferred.until(), deferred.reason());
        }
        SlotClaim.Claimed claimed = (SlotClaim.Claimed) claim;
        try (RunLoad load = claimed.load()) {
            return new RunOutcome.Executed(new Attempt(request, claimed.runId(), claimed.attempt()).execute(load, fetchRequest));
        }
    }

    /** The mutable state of one claimed run; confined to the calling thread. */
    private final class Attempt {
        private final RunRequest request;
        private final UUID runId;
        private final int attempt;
        /** Only the uuids: a duplicate must be recognised, but the users themselves go straight to the sink. */
        private final Set<UUID> seen = new HashSet<>();
        private long rejected;
        private long fetched;
        private RuntimeException loadFailure;
        private RuntimeException archiveFailure;
        private final List<ArchivedObject> archived = new ArrayList<>();
        private final DriftCounts drift = new DriftCounts();
        private Duration fetch = Duration.ZERO;
        private Duration validate = Duration.ZERO;
        private Duration load = Duration.ZERO;

        Attempt(RunRequest request, UUID runId, int attempt) {
            this.request = request;
            this.runId = runId;
            this.attempt = attempt;
        }

        RunReport execute(RunLoad target, FetchRequest fetchRequest) {
            Instant fetchStart = clock.instant();
            try (OrderedValidation validation = new OrderedValidation(validator, clock, validationThreads,
                    (record, outcome) -> accept(target, record, outcome))) {
                FetchRequest fetching = archive == null ? fetchRequest : fetchRequest.withPages(this::archivePage);
                try {
                    FetchStats stats = source.fetch(fetching, record -> {
                        fetched++;
                        validation.submit(record);
                    });
                    fetch = between(fetchStart, clock.instant()).minus(validation.waiting());
                    validation.finish();
                    notifyFetched(request, stats);
                } catch (RuntimeException e) {
                    fetch = between(fetchStart, clock.instant()).minus(validation.waiting());
                    validate = validation.validating();
                    if (loadFailure != null) {
                        // The sink refused a record while the source was still reading: say so, whatever
                        // the source made of the exception on its way out.
                        notifyFetched(request, new FetchStats(fetched, 0, 0, 0));
                        return recordFailure(target, "sink: " + describe(loadFailure));
                    }
                    int retries = e instanceof SourceException se ? se.retries() : 0;
                    notifyFetched(request, new FetchStats(fetched, 0, retries, 0));
                    if (archiveFailure != null) {
                        return recordFailure(target, "archive: " + describe(archiveFailure) + "; nothing of the batch was written");
                    }
                    if (e instanceof SourceRateLimitedException) {
                        return recordRateLimited(target, describe(e));
                    }
                    return recordFailure(target, "source: " + describe(e));
                }
                validate = validation.validating();
            }
            fetch = nonNegative(fetch);
            if (archive != null) {
                String failure = sealArchive();
                if (failure != null) {
                    return recordFailure(target, failure);
                }
            }
            if (clock.instant().isAfter(request.deadline())) {
                return recordFailure(target, "deadline " + request.deadline() + " passed before the batch could be written");
            }
            String gate = qualityGate == null ? null : qualityGate.check(fetched, rejected);
            Instant loadStart = clock.instant();
            try {
                if (gate == null) {
                    return target.commit(counts -> {
                        load = between(loadStart, clock.instant());
                        return report(RunStatus.SUCCEEDED, fetched, counts, null);
                    });
                }
                return target.commitRejectionsOnly(counts -> {
                    load = between(loadStart, clock.instant());
                    return report(RunStatus.FAILED, fetched, counts, gate);
                });
            } catch (RuntimeException e) {
                load = between(loadStart, clock.instant());
                return recordFailure(target, "sink: " + describe(e));
            }
        }

        /** The source's page hook: stores the page before anything of the batch is written. */
        private void archivePage(int page, byte[] body) {
            try {
                archived.add(archive.put(attemptPrefix() + ArchiveLayout.pageName(page), body));
            } catch (RuntimeException e) {
                archiveFailure = e;
                throw e;
            }
        }

        private String attemptPrefix() {
            return ArchiveLayout.attemptPrefix(request.pipeline(), request.parameters().getOrDefault("version", "unknown"),
                    request.slot(), attempt);
        }

        /** @return why the run must fail, or null once the manifest marks the attempt complete */
        private String sealArchive() {
            if (archived.isEmpty()) {
                return fetched == 0 ? null
                        : "archive: the source handed on no raw page for " + fetched + " records; nothing is loaded without its raw page";
            }
            try {
                archived.add(archive.put(attemptPrefix() + ArchiveLayout.MANIFEST, ArchiveLayout.manifest(archived)));
                return null;
            } catch (RuntimeException e) {
                return "archive: " + describe(e) + "; nothing of the batch was written";
            }
        }

        /** Called in arrival order on the fetching thread, whichever thread validated the record. */
        private void accept(RunLoad target, RawRecord record, Validation outcome) {
            try {
                drift.add(outcome.drift());
                if (outcome instanceof Validation.Accepted accepted) {
                    User user = accepted.user();
                    if (seen.add(user.uuid())) {
                        target.stage(user);
                    } else {
                        rejected++;
                        target.quarantine(new Validation.Rejected(record, List.of(new RejectionReason("/login/uuid",
                                "duplicate of an earlier record in this batch: " + user.uuid()))));
                    }
                } else {
                    rejected++;
                    target.quarantine((Validation.Rejected) outcome);
                }
            } catch (RuntimeException e) {
                loadFailure = e;
                throw e;
            }
        }

        private RunReport recordFailure(RunLoad target, String error) {
            RunReport report = report(RunStatus.FAILED, fetched, LoadCounts.NONE, error);
            try {
                target.fail(report);
            } catch (RuntimeException e) {
                LOG.warn("run {} for slot {} failed and could not be recorded as failed ({}); it will be found abandoned",
                        runId, request.slot(), describe(e));
            }
            return report;
        }

        /** The source's window is spent: fail, and record until when, so no process asks it again before. */
        private RunReport recordRateLimited(RunLoad target, String said) {
            Duration window = sourceBudget == null ? SourceBudget.RANDOMUSER.window() : sourceBudget.window();
            Instant until = clock.instant().plus(window);
            RunReport report = report(RunStatus.FAILED, fetched, LoadCounts.NONE, "source: " + said
                    + " (rate limited without Retry-After: the source's window is spent; no run asks it again before " + until + ")");
            try {
                target.failRateLimited(report, until);
            } catch (RuntimeException e) {
                LOG.warn("run {} for slot {} was rate limited and could not be recorded ({}); it will be found abandoned",
                        runId, request.slot(), describe(e));
            }
            return report;
        }

        RunReport failed(String error) {
            return report(RunStatus.FAILED, 0, LoadCounts.NONE, error);
        }

        RunReport report(RunStatus status, long fetchedRecords, LoadCounts counts, String error) {
            Instant finishedAt = clock.instant();
            if (finishedAt.isBefore(request.startedAt())) {
                finishedAt = request.startedAt();
            }
            StageDurations durations = new StageDurations(nonNegative(fetch), nonNegative(validate), nonNegative(load),
                    between(request.startedAt(), finishedAt));
            return new RunReport(runId, request.pipeline(), request.slot(), request.trigger(), attempt, status,
                    fetchedRecords, counts, durations, request.startedAt(), finishedAt, error, provenance());
        }

        private RunProvenance provenance() {
            return new RunProvenance(archived, drift.unknown(), drift.missing());
        }
    }

    private void notifyStarted(RunRequest request) {
        for (RunListener l : listeners) {
            try {
                l.runStarted(request);
            } catch (RuntimeException e) {
                LOG.warn("run listener {} failed on start: {}", l.getClass().getName(), describe(e));
            }
        }
    }

    private void notifyFetched(RunRequest request, FetchStats stats) {
        if (stats == null) {
            return;
        }
        for (RunListener l : listeners) {
            try {
                l.sourceFetched(request, stats);
            } catch (RuntimeException e) {
                LOG.warn("run listener {} failed on fetch: {}", l.getClass().getName(), describe(e));
            }
        }
    }

    private void notifyFinished(RunOutcome outcome) {
        for (RunListener l : listeners) {
            try {
                l.runFinished(outcome);
            } catch (RuntimeException e) {
                LOG.warn("run listener {} failed on finish: {}", l.getClass().getName(), describe(e));
            }
        }
    }

    private static Duration between(Instant a, Instant b) {
        return nonNegative(Duration.between(a, b));
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static String describe(Throwable e) {
        String message = Optional.ofNullable(e.getMessage()).filter(m -> !m.isBlank()).orElse(e.getClass().getSimpleName());
        return message;
    }

    /** Assembles an {@link EtlPipeline}. Not thread-safe; build once at start-up. */
    public static final class Builder {
        private String name = "randomuser";
        private UserSource source;
        private UserValidator validator;
        private UserSink sink;
        private Clock clock;
        private Duration runTimeout = Duration.ofSeconds(50);
        private QualityGate qualityGate;
        private int validationThreads = 1;
        private SourceBudget sourceBudget;
        private final List<RunListener> listeners = new ArrayList<>();
        private RawArchive archive;

        private Builder() {
        }

        /**
         * @param pipelineName the name slots are scoped by in the ledger (default {@code randomuser})
         * @return this builder
         */
        public Builder name(String pipelineName) {
            if (pipelineName == null || pipelineName.isBlank()) {
                throw new IllegalArgumentException("pipeline name must not be blank");
            }
            this.name = pipelineName;
            return this;
        }

        /**
         * @param userSource where records come from
         * @return this builder
         */
        public Builder source(UserSource userSource) {
            this.source = userSource;
            return this;
        }

        /**
         * @param userValidator checks and maps each record
         * @return this builder
         */
        public Builder validator(UserValidator userValidator) {
            this.validator = userValidator;
            return this;
        }

        /**
         * @param userSink stores users, rejections and the ledger
         * @return this builder
         */
        public Builder sink(UserSink userSink) {
            this.sink = userSink;
            return this;
        }

        /**
         * @param runClock the clock for timestamps and durations ({@code Clock.systemUTC()} in production)
         * @return this builder
         */
        public Builder clock(Clock runClock) {
            this.clock = runClock;
            return this;
        }

        /**
         * @param timeout how long a run may take before its deadline (default 50 s, so a run started on a
         *                minute tick ends before the next)
         * @return this builder
         */
        public Builder runTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("run timeout must be positive");
            }
            this.runTimeout = timeout;
            return this;
        }

        /**
         * Applies name, run timeout and quality gate from settings.
         *
         * @param settings the pipeline settings
         * @return this builder
         */
        public Builder settings(PipelineSettings settings) {
            name(settings.pipelineName());
            runTimeout(settings.runTimeout());
            qualityGate(settings.qualityGate().orElse(null));
            validationThreads(settings.validationThreads());
            sourceBudget(settings.sourceBudget());
            return this;
        }

        /**
         * @param budget the users the source allows per window, which claims respect (counted by the
         *               sink across processes), or {@code null} for none (the default)
         * @return this builder
         */
        public Builder sourceBudget(SourceBudget budget) {
            this.sourceBudget = budget;
            return this;
        }

        /**
         * @param gate the quality gate, or {@code null} for none (the default)
         * @return this builder
         */
        public Builder qualityGate(QualityGate gate) {
            this.qualityGate = gate;
            return this;
        }

        /**
         * @param threads how many threads validate records while the source is still fetching (default 1:
         *                on the fetching thread). With more, the validator must be thread-safe; outcomes
         *                are still applied in arrival order, so the first record of a uuid wins.
         * @return this builder
         */
        public Builder validationThreads(int threads) {
            if (threads < 1 || threads > PipelineSettings.MAX_VALIDATION_THREADS) {
                throw new IllegalArgumentException("validation threads must be from 1 to "
                        + PipelineSettings.MAX_VALIDATION_THREADS + ", got " + threads);
            }
            this.validationThreads = threads;
            return this;
        }

        /**
         * @param listener sees every run start and finish; may be called more than once to add several
         * @return this builder
         */
        public Builder listener(RunListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @param rawArchive where every page the source reads is stored before its batch is written, or
         *                   {@code null} for none (the default)
         * @return this builder
         */
        public Builder archive(RawArchive rawArchive) {
            this.archive = rawArchive;
            return this;
        }

        /** @return the pipeline */
        public EtlPipeline build() {
            return new EtlPipeline(this);
        }
    }
}

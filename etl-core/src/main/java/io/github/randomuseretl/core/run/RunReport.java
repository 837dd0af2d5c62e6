package io.github.randomuseretl.core.run;

import io.github.randomuseretl.core.model.Slot;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * How one run ended. The pipeline returns it; the sink records it in its ledger.
 *
 * @param runId      the run's identifier
 * @param pipeline   the pipeline's name
 * @param slot       the minute the run was for
 * @param trigger    what started it
 * @param attempt    1 for the first run of the slot, then 2, 3, ... for retries
 * @param status     how it ended
 * @param fetched    records the source delivered
 * @param counts     what the load did (all zero unless something was written)
 * @param durations  time per stage
 * @param startedAt  when it started
 * @param finishedAt when it finished
 * @param error      what went wrong, or {@code null}
 * @param provenance the raw pages it archived and the schema drift it saw
 */
public record RunReport(
        UUID runId,
        String pipeline,
        Slot slot,
        Trigger trigger,
        int attempt,
        RunStatus status,
        long fetched,
        LoadCounts counts,
        StageDurations durations,
        Instant startedAt,
        Instant finishedAt,
        String error,
        RunProvenance provenance) {

    /** Checks presence and consistency. */
    public RunReport {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(durations, "durations");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be 1 or more, got " + attempt);
        }
        if (fetched < 0) {
            throw new IllegalArgumentException("fetched must not be negative");
        }
        if (finishedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("finishedAt must not be before startedAt");
        }
        if (status == RunStatus.FAILED && (error == null || error.isBlank())) {
            throw new IllegalArgumentException("a failed run needs an error");
        }
        Objects.requireNonNull(provenance, "provenance");
    }

    /**
     * A report with nothing archived and no drift recorded.
     *
     * @param runId      the run's identifier
     * @param pipeline   the pipeline's name
     * @param slot       the minute the run was for
     * @param trigger    what started it
     * @param attempt    the attempt
     * @param status     how it ended
     * @param fetched    records the source delivered
     * @param counts     what the load did
     * @param durations  time per stage
     * @param startedAt  when it started
     * @param finishedAt when it finished
     * @param error      what went wrong, or {@code null}
     */
    public RunReport(UUID runId, String pipeline, Slot slot, Trigger trigger, int attempt, RunStatus status, long fetched,
            LoadCounts counts, StageDurations durations, Instant startedAt, Instant finishedAt, String error) {
        this(runId, pipeline, slot, trigger, attempt, status, fetched, counts, durations, startedAt, finishedAt, error,
                RunProvenance.NONE);
    }

    /**
     * @param p the provenance
     * @return this report with it
     */
    public RunReport withProvenance(RunProvenance p) {
        return new RunReport(runId, pipeline, slot, trigger, attempt, status, fetched, counts, durations, startedAt, finishedAt, error, p);
    }

    /** @return users inserted by this run */
    public long inserted() {
        return counts.inserted();
    }

    /** @return users updated by this run */
    public long updated() {
        return counts.updated();
    }

    /** @return users loaded unchanged by this run */
    public long unchanged() {
        return counts.unchanged();
    }

    /** @return records this run quarantined */
    public long rejected() {
        return counts.rejected();
    }

    /** @return the error, if the run did not succeed */
    public Optional<String> errorMessage() {
        return Optional.ofNullable(error);
    }

    /** @return true if the run succeeded (a report of an earlier success included) */
    public boolean succeeded() {
        return status == RunStatus.SUCCEEDED;
    }
}

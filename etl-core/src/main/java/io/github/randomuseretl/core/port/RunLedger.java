package io.github.randomuseretl.core.port;

import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What operators, health checks and catch-up ask of the run ledger and the quarantine a sink keeps:
 * recent runs, how each slot stands, the quarantine, and pruning. Runners use this port rather than a
 * sink's own types, so their commands work against any sink; catch-up plans from it.
 *
 * <p>Every method reads committed state only and may run while runs are in flight. Failures are
 * {@link SinkException}s ({@link SinkUnavailableException} when the store cannot be reached).
 */
public interface RunLedger {

    /** Most rows one listing returns. */
    int MAX_LIMIT = 10_000;

    /**
     * The latest runs of every pipeline, newest first. A run still running reports its start as its finish.
     *
     * @param limit how many, 1 to {@link #MAX_LIMIT}
     * @return the runs
     */
    List<RunReport> latestRuns(int limit);

    /**
     * How each slot of a pipeline with at least one run stands: the gap query. Catch-up compares it
     * with the slots the schedule should have run.
     *
     * @param pipeline the pipeline
     * @param from     first slot start, inclusive
     * @param before   last slot start, exclusive
     * @return one entry per slot that has runs, oldest slot first
     */
    List<SlotRuns> slots(String pipeline, Instant from, Instant before);

    /**
     * @param pipeline the pipeline
     * @return the slot of its first recorded run (the earliest slot it has a run for); catch-up never
     *         plans a slot before it, so a new install does not catch up history
     */
    Optional<Slot> firstSlot(String pipeline);

    /**
     * @param pipeline the pipeline
     * @return when its latest successful run finished, if any
     */
    Optional<Instant> lastSuccessAt(String pipeline);

    /**
     * The latest quarantined records, newest first, replayed or not.
     *
     * @param limit how many, 1 to {@link #MAX_LIMIT}
     * @param runId only the records this run rejected, or {@code null} for every run
     * @return the records
     */
    List<QuarantinedRecord> quarantined(int limit, UUID runId);

    /**
     * Deletes runs started and quarantined records written longer ago than {@code olderThan}, with the
     * quarantined records of the deleted runs, as one unit. Users are kept. A run still running is
     * kept. A pruned slot is no longer known to have succeeded.
     *
     * @param olderThan the age, positive
     * @return what was deleted
     */
    Pruned prune(Duration olderThan);

    /**
     * How one slot stands in the ledger.
     *
     * @param slot       the slot
     * @param runs       how many runs it has had
     * @param succeeded  true if one of them succeeded
     * @param lastStatus the status of its latest attempt
     * @param lastError  the error of its latest attempt that has one, or {@code null}
     */
    record SlotRuns(Slot slot, int runs, boolean succeeded, RunStatus lastStatus, String lastError) {

        /** Checks presence and range. */
        public SlotRuns {
            Objects.requireNonNull(slot, "slot");
            Objects.requireNonNull(lastStatus, "lastStatus");
            if (runs < 1) {
                throw new IllegalArgumentException("a slot in the ledger has 1 run or more");
            }
        }

        /** @return the latest error, if any */
        public Optional<String> error() {
            return Optional.ofNullable(lastError);
        }
    }

    /**
     * How many rows a prune deleted.
     *
     * @param runs        ledger rows
     * @param quarantined quarantined records
     */
    record Pruned(long runs, long quarantined) {
    }

    /**
     * @param limit a listing's limit
     * @throws IllegalArgumentException unless it is from 1 to {@link #MAX_LIMIT}
     */
    static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT + ", got " + limit);
        }
    }
}

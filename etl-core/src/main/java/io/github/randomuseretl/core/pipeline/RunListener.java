package io.github.randomuseretl.core.pipeline;

import io.github.randomuseretl.core.port.FetchStats;
import io.github.randomuseretl.core.run.RunOutcome;
import io.github.randomuseretl.core.run.RunRequest;

/**
 * Sees every run start and finish, so runners can log and export metrics. A listener that throws
 * is logged and ignored: observing a run never changes its outcome.
 */
public interface RunListener {

    /** A listener that does nothing. */
    RunListener NONE = new RunListener() { };

    /**
     * A run is about to claim its slot.
     *
     * @param request the run
     */
    default void runStarted(RunRequest request) {
    }

    /**
     * The source finished fetching, whole or not; called before the batch is written.
     *
     * @param request the run
     * @param stats   what the fetch cost; for a failed fetch, the records delivered before the failure
     *                and the retries the source reported
     */
    default void sourceFetched(RunRequest request, FetchStats stats) {
    }

    /**
     * A call to {@code run} ended, whatever it did: executed the run, found the slot already done, or
     * found it busy.
     *
     * @param outcome what it did
     */
    default void runFinished(RunOutcome outcome) {
    }
}

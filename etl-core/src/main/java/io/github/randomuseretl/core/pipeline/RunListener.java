package io.github.randomuseretl.core.pipeline;

import io.github.randomuseretl.core.run.RunReport;
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
     * A run ended, whatever its status (an earlier success returned again and a skipped slot included).
     *
     * @param report how it ended
     */
    default void runFinished(RunReport report) {
    }
}

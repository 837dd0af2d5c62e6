package io.github.randomuseretl.core.port;

import io.github.randomuseretl.core.run.RunReport;
import java.util.Objects;
import java.util.UUID;

/** The sink's answer to a claim on a slot. */
public sealed interface SlotClaim permits SlotClaim.Claimed, SlotClaim.AlreadySucceeded, SlotClaim.Busy {

    /**
     * The slot is ours: a run is recorded as {@code running} and its load is open.
     *
     * @param runId   the new run's identifier
     * @param attempt 1 for the slot's first run, more for retries
     * @param load    where the run's users and rejections go; the claimer must close it
     */
    record Claimed(UUID runId, int attempt, RunLoad load) implements SlotClaim {

        /** Checks presence and range. */
        public Claimed {
            Objects.requireNonNull(runId, "runId");
            if (attempt < 1) {
                throw new IllegalArgumentException("attempt must be 1 or more");
            }
            Objects.requireNonNull(load, "load");
        }
    }

    /**
     * A run already succeeded for this slot; nothing must run again.
     *
     * @param report that run's report, as recorded
     */
    record AlreadySucceeded(RunReport report) implements SlotClaim {

        /** Checks presence. */
        public AlreadySucceeded {
            Objects.requireNonNull(report, "report");
        }
    }

    /**
     * Another live run holds the slot right now.
     *
     * @param runId that run's identifier
     */
    record Busy(UUID runId) implements SlotClaim {

        /** Checks presence. */
        public Busy {
            Objects.requireNonNull(runId, "runId");
        }
    }
}

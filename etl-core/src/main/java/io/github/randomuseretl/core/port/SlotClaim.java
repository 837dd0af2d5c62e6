package io.github.randomuseretl.core.port;

import io.github.randomuseretl.core.run.RunReport;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The sink's answer to a claim on a slot. */
public sealed interface SlotClaim permits SlotClaim.Claimed, SlotClaim.AlreadySucceeded, SlotClaim.Busy, SlotClaim.Deferred {

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

    /**
     * The source's budget does not allow this run now: nothing was recorded, the slot stays as it was
     * and may be claimed again later (by catch-up, or by the next run of it).
     *
     * @param until  the earliest instant a claim of this size can go ahead, as far as the ledger knows
     * @param reason why, in one line (what was spent, or that the source answered 429)
     */
    record Deferred(Instant until, String reason) implements SlotClaim {

        /** Checks presence. */
        public Deferred {
            Objects.requireNonNull(until, "until");
            Objects.requireNonNull(reason, "reason");
        }
    }
}

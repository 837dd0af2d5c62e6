package io.github.randomuseretl.core.run;

import io.github.randomuseretl.core.model.Slot;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What {@code EtlPipeline.run} did for a slot: it ran it, found it already done, found another live
 * run holding it, or was deferred by the source's budget. A runner maps these to its exit codes,
 * metrics and logs; it never has to guess from a report whether the run it got back was its own.
 *
 * <p>{@link Deferred} is an outcome of its own rather than a failed execution: nothing was claimed,
 * fetched or recorded, the slot is no worse off, and the right reaction (wait until
 * {@link Deferred#until()}) differs from a failure's (retry, alert).
 */
public sealed interface RunOutcome permits RunOutcome.Executed, RunOutcome.AlreadyDone, RunOutcome.Busy, RunOutcome.Deferred {

    /** @return the slot asked for */
    Slot slot();

    /**
     * This call ran the slot (or tried to: a claim the sink could not make is a failed execution too).
     *
     * @param report how the run ended, succeeded or failed
     */
    record Executed(RunReport report) implements RunOutcome {

        /** Checks presence and that the run finished. */
        public Executed {
            Objects.requireNonNull(report, "report");
            if (report.status() == RunStatus.RUNNING) {
                throw new IllegalArgumentException("an executed run has finished, not " + report.status().text());
            }
        }

        @Override
        public Slot slot() {
            return report.slot();
        }
    }

    /**
     * The slot had already succeeded; nothing was fetched or written.
     *
     * @param earlier the succeeded run's report, as recorded
     */
    record AlreadyDone(RunReport earlier) implements RunOutcome {

        /** Checks presence and that the earlier run succeeded. */
        public AlreadyDone {
            Objects.requireNonNull(earlier, "earlier");
            if (earlier.status() != RunStatus.SUCCEEDED) {
                throw new IllegalArgumentException("a slot is done only by a succeeded run, not a " + earlier.status().text() + " one");
            }
        }

        @Override
        public Slot slot() {
            return earlier.slot();
        }
    }

    /**
     * Another live run holds the slot right now; nothing was fetched or written.
     *
     * @param slot   the slot asked for
     * @param heldBy the run holding it
     */
    record Busy(Slot slot, UUID heldBy) implements RunOutcome {

        /** Checks presence. */
        public Busy {
            Objects.requireNonNull(slot, "slot");
            Objects.requireNonNull(heldBy, "heldBy");
        }
    }

    /**
     * The source's budget did not allow the run now; nothing was claimed, fetched or written, and the
     * slot can run later.
     *
     * @param slot   the slot asked for
     * @param until  the earliest instant the run could go ahead, as far as the ledger knows
     * @param reason why, in one line
     */
    record Deferred(Slot slot, Instant until, String reason) implements RunOutcome {

        /** Checks presence. */
        public Deferred {
            Objects.requireNonNull(slot, "slot");
            Objects.requireNonNull(until, "until");
            Objects.requireNonNull(reason, "reason");
        }
    }
}

package io.github.randomuseretl.core.catchup;

import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.run.RunStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * A slot the schedule should have run that has no succeeded run.
 *
 * @param slot       the slot
 * @param runs       how many runs it has had (0: it was missed while nothing ran)
 * @param lastStatus the status of its latest run, or {@code null} if it never ran
 * @param lastError  the latest error recorded for it, or {@code null}
 */
public record Gap(Slot slot, int runs, RunStatus lastStatus, String lastError) {

    /** Checks presence and consistency. */
    public Gap {
        Objects.requireNonNull(slot, "slot");
        if (runs < 0) {
            throw new IllegalArgumentException("runs must not be negative");
        }
        if ((runs == 0) != (lastStatus == null)) {
            throw new IllegalArgumentException("a slot has a last status exactly when it has runs");
        }
        if (lastStatus == RunStatus.SUCCEEDED) {
            throw new IllegalArgumentException("a gap has no succeeded run");
        }
    }

    /** @return the latest run's status, empty if the slot never ran */
    public Optional<RunStatus> status() {
        return Optional.ofNullable(lastStatus);
    }

    /** @return the latest error, if any */
    public Optional<String> error() {
        return Optional.ofNullable(lastError);
    }
}

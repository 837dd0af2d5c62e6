package io.github.randomuseretl.core.run;

import java.time.Duration;
import java.util.Objects;

/**
 * Time spent in each stage of a run.
 *
 * @param fetch    fetching and parsing the source's responses (validation time excluded)
 * @param validate checking and mapping records
 * @param load     writing the batch and the outcome
 * @param total    the whole run, claim to finish
 */
public record StageDurations(Duration fetch, Duration validate, Duration load, Duration total) {

    /** All zero. */
    public static final StageDurations ZERO = new StageDurations(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    /** Checks presence and sign. */
    public StageDurations {
        for (Duration d : new Duration[] {fetch, validate, load, total}) {
            if (Objects.requireNonNull(d, "duration").isNegative()) {
                throw new IllegalArgumentException("durations must not be negative");
            }
        }
    }
}

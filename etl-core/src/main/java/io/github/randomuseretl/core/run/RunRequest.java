package io.github.randomuseretl.core.run;

import io.github.randomuseretl.core.model.Slot;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A request to run one batch, as the pipeline hands it to the sink when claiming the slot.
 *
 * @param pipeline   the pipeline's name; slots are exclusive per pipeline
 * @param slot       the minute the run is for
 * @param trigger    what started it
 * @param parameters the source's request parameters, recorded in the ledger (no secrets)
 * @param startedAt  when the run started
 * @param deadline   when the run must be over; a run still {@code running} well past it is abandoned
 */
public record RunRequest(
        String pipeline,
        Slot slot,
        Trigger trigger,
        Map<String, String> parameters,
        Instant startedAt,
        Instant deadline) {

    /** Checks presence and order; copies the parameters. */
    public RunRequest {
        Objects.requireNonNull(pipeline, "pipeline");
        if (pipeline.isBlank()) {
            throw new IllegalArgumentException("pipeline must not be blank");
        }
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(trigger, "trigger");
        parameters = Map.copyOf(Objects.requireNonNull(parameters, "parameters"));
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(deadline, "deadline");
        if (!deadline.isAfter(startedAt)) {
            throw new IllegalArgumentException("deadline must be after startedAt");
        }
    }
}

package io.github.randomuseretl.core.port;

import io.github.randomuseretl.core.model.Slot;
import java.time.Instant;
import java.util.Objects;

/**
 * What the pipeline asks a source for.
 *
 * @param slot     the minute the batch is for; a source that derives its seed from it returns the same
 *                 records when the slot is retried
 * @param deadline the source must give up (and throw) rather than deliver after this instant
 */
public record FetchRequest(Slot slot, Instant deadline) {

    /** Checks presence. */
    public FetchRequest {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(deadline, "deadline");
    }
}

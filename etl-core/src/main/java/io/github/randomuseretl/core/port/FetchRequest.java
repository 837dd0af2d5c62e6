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
 * @param pages    receives each page a source reads whole, exactly as received, if the source reads
 *                 pages ({@link PageHook#NONE} when nothing archives them); a failure it throws fails
 *                 the fetch
 */
public record FetchRequest(Slot slot, Instant deadline, PageHook pages) {

    /** Checks presence. */
    public FetchRequest {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(pages, "pages");
    }

    /**
     * A request whose pages nobody keeps.
     *
     * @param slot     the minute
     * @param deadline when the source must give up
     */
    public FetchRequest(Slot slot, Instant deadline) {
        this(slot, deadline, PageHook.NONE);
    }

    /**
     * @param hook receives each page
     * @return this request with pages handed to {@code hook}
     */
    public FetchRequest withPages(PageHook hook) {
        return new FetchRequest(slot, deadline, hook);
    }
}

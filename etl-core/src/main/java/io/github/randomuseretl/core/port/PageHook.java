package io.github.randomuseretl.core.port;

/**
 * Receives each page a source read whole, exactly as received (after HTTP content decoding), before the
 * run's batch is written: the pipeline archives it. A page read again after a failure part-way is
 * handed on once, when it has been read whole.
 */
@FunctionalInterface
public interface PageHook {

    /** Hands pages to nobody. */
    PageHook NONE = (page, body) -> { };

    /**
     * @param page the page number, from 1
     * @param body the page's bytes
     * @throws RuntimeException if the page could not be kept; the fetch then fails
     */
    void received(int page, byte[] body);
}

package io.github.randomuseretl.core.port;

/**
 * The source refused because this client has used up its share for the source's current window, and
 * said no more (randomuser.me answers 429 without {@code Retry-After} once 20,000 users were asked for
 * in its 5-minute window). Asking again within seconds only fails again: the pipeline records the
 * window as spent, so every replica waits for it to end.
 */
public class SourceRateLimitedException extends SourceException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what the source said
     * @param retries requests repeated before this one, for metrics
     */
    public SourceRateLimitedException(String message, int retries) {
        super(message, null, retries);
    }
}

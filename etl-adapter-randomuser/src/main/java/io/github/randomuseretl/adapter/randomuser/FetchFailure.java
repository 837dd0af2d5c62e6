package io.github.randomuseretl.adapter.randomuser;

import java.time.Duration;

/**
 * Why one page request failed, and whether trying again may help: connection errors, timeouts, 429
 * with {@code Retry-After} and 5xx are transient; a 429 without one says the client's window is spent
 * (randomuser.me's budget), so retrying within seconds cannot help; everything else (other 4xx, error
 * bodies, bad JSON, info mismatches, the size cap) would fail the same way again. Messages never quote
 * a record.
 */
final class FetchFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean transientFailure;
    private final boolean windowSpent;
    private final transient Duration retryAfter;

    private FetchFailure(String message, Throwable cause, boolean transientFailure, Duration retryAfter, boolean windowSpent) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.retryAfter = retryAfter;
        this.windowSpent = windowSpent;
    }

    /** A 429 without {@code Retry-After}: the client's window is spent. Not transient on the scale of a run. */
    static FetchFailure windowSpent(String message) {
        return new FetchFailure(message, null, false, null, true);
    }

    /** @return true if the source said the client's window is spent */
    boolean isWindowSpent() {
        return windowSpent;
    }

    static FetchFailure retryable(String message, Throwable cause, Duration retryAfter) {
        return new FetchFailure(message, cause, true, retryAfter, false);
    }

    static FetchFailure permanent(String message, Throwable cause) {
        return new FetchFailure(message, cause, false, null, false);
    }

    boolean isTransient() {
        return transientFailure;
    }

    /** @return the delay the server asked for, or {@code null} */
    Duration retryAfter() {
        return retryAfter;
    }
}

package io.github.randomuseretl.adapter.randomuser;

import java.time.Duration;

/**
 * Why one page request failed, and whether trying again may help: connection errors, timeouts, 429
 * and 5xx are transient; everything else (other 4xx, error bodies, bad JSON, info mismatches, the
 * size cap) would fail the same way again. Messages never quote a record.
 */
final class FetchFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean transientFailure;
    private final transient Duration retryAfter;

    private FetchFailure(String message, Throwable cause, boolean transientFailure, Duration retryAfter) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.retryAfter = retryAfter;
    }

    static FetchFailure retryable(String message, Throwable cause, Duration retryAfter) {
        return new FetchFailure(message, cause, true, retryAfter);
    }

    static FetchFailure permanent(String message, Throwable cause) {
        return new FetchFailure(message, cause, false, null);
    }

    boolean isTransient() {
        return transientFailure;
    }

    /** @return the delay the server asked for, or {@code null} */
    Duration retryAfter() {
        return retryAfter;
    }
}

package io.github.randomuseretl.core.port;

/** A source could not deliver a whole batch. The message says what happened, without secrets. */
public class SourceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int retries;

    /**
     * @param message what happened
     */
    public SourceException(String message) {
        this(message, null, 0);
    }

    /**
     * @param message what happened
     * @param cause   the underlying failure
     */
    public SourceException(String message, Throwable cause) {
        this(message, cause, 0);
    }

    /**
     * @param message what happened
     * @param cause   the underlying failure, or {@code null}
     * @param retries requests repeated before the source gave up, for metrics
     */
    public SourceException(String message, Throwable cause, int retries) {
        super(message, cause);
        this.retries = Math.max(0, retries);
    }

    /** @return requests repeated before the source gave up */
    public int retries() {
        return retries;
    }
}

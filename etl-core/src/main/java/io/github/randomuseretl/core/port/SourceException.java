package io.github.randomuseretl.core.port;

/** A source could not deliver a whole batch. The message says what happened, without secrets. */
public class SourceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened
     */
    public SourceException(String message) {
        super(message);
    }

    /**
     * @param message what happened
     * @param cause   the underlying failure
     */
    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.github.randomuseretl.core.port;

/** A sink could not store something; nothing half-written is visible. The message carries no secrets. */
public class SinkException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened
     */
    public SinkException(String message) {
        super(message);
    }

    /**
     * @param message what happened
     * @param cause   the underlying failure
     */
    public SinkException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.github.randomuseretl.core.port;

/**
 * The sink's store cannot be reached, refuses the login or dropped the connection: trying again later
 * may work, unlike a {@link SinkException} about the data. The message names where, without secrets.
 */
public class SinkUnavailableException extends SinkException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened
     * @param cause   the underlying failure
     */
    public SinkUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

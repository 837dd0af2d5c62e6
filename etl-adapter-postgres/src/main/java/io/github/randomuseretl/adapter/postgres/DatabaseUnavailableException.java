package io.github.randomuseretl.adapter.postgres;

import io.github.randomuseretl.core.port.SinkException;

/**
 * The database could not be reached or refused the login. The message is one line naming
 * {@code HOST:PORT/DATABASE} and the driver's reason; it never holds a password.
 */
public class DatabaseUnavailableException extends SinkException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message one line: where and why
     * @param cause   the driver's exception
     */
    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

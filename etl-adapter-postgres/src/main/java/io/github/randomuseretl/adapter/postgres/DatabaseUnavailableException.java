package io.github.randomuseretl.adapter.postgres;

import io.github.randomuseretl.core.port.SinkUnavailableException;

/**
 * The database could not be reached or refused the login. The message is one line naming
 * {@code HOST:PORT/DATABASE} and the driver's reason; it never holds a password. Runners catch it as
 * the core's {@link SinkUnavailableException}.
 */
public class DatabaseUnavailableException extends SinkUnavailableException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message one line: where and why
     * @param cause   the driver's exception
     */
    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

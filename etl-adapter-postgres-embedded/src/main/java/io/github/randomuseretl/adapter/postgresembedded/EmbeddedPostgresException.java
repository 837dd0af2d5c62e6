package io.github.randomuseretl.adapter.postgresembedded;

/**
 * The embedded PostgreSQL cannot be used: running as root without a way to drop it, a data directory
 * that cannot be written or holds something else, a port taken by another program, a server that did
 * not start. The message is one line that says why and what to do.
 */
public final class EmbeddedPostgresException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    EmbeddedPostgresException(String message) {
        super(message);
    }

    EmbeddedPostgresException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.github.randomuseretl.runner.scheduler.wiring;

/**
 * The embedded PostgreSQL (used when {@code ETL_DB_URL} is unset) cannot run: as root without user
 * namespaces, an unwritable {@code ETL_DATA_DIR}, a taken {@code ETL_DATA_PORT}. The message is the
 * adapter's one line saying which; commands map it to their exit code without knowing the adapter.
 */
public final class EmbeddedDatabaseUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    EmbeddedDatabaseUnavailableException(RuntimeException cause) {
        super(cause.getMessage(), cause);
    }
}

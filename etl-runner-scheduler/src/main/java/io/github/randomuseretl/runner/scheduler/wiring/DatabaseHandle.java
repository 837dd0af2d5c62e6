package io.github.randomuseretl.runner.scheduler.wiring;

import io.github.randomuseretl.adapter.postgres.PostgresDatabase;
import io.github.randomuseretl.adapter.postgres.PostgresSettings;
import java.util.Objects;
import java.util.function.Function;

/**
 * The process's one connection pool, opened on first use rather than when the wiring is built: the
 * wiring (and {@code config}, {@code --help}) work without a database, and {@code serve} can start its
 * health endpoint and wait for a database that comes up later. A failed open is retried on the next use.
 */
public final class DatabaseHandle implements AutoCloseable {

    private final PostgresSettings settings;
    private final Function<PostgresSettings, PostgresDatabase> opener;
    private PostgresDatabase db;
    private boolean closed;

    /**
     * @param settings where the database is
     * @param opener   opens it ({@link PostgresDatabase#pooled} in production)
     */
    public DatabaseHandle(PostgresSettings settings, Function<PostgresSettings, PostgresDatabase> opener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /**
     * @return the open database
     * @throws io.github.randomuseretl.adapter.postgres.DatabaseUnavailableException if it cannot be reached
     */
    public synchronized PostgresDatabase get() {
        if (closed) {
            throw new IllegalStateException("the database handle is closed");
        }
        if (db == null) {
            db = opener.apply(settings);
        }
        return db;
    }

    /** @return true once the pool is open */
    public synchronized boolean isOpen() {
        return db != null;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (db != null) {
            db.close();
            db = null;
        }
    }
}

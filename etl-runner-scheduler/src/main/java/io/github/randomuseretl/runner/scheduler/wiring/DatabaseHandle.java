package io.github.randomuseretl.runner.scheduler.wiring;

import io.github.randomuseretl.adapter.postgres.PostgresDatabase;
import io.github.randomuseretl.core.port.SchemaNotMigratedException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The process's one connection pool, opened on first use rather than when the wiring is built: the
 * wiring (and {@code config}, {@code --help}) work without a database, and {@code serve} can start its
 * health endpoint and wait for a database that comes up later. A failed open is retried on the next use.
 *
 * <p>{@link #get()} also checks the schema once (every command but {@code migrate}), so a forgotten
 * {@code migrate} stops a command at its start with one line naming the fix. A failed check is made
 * again on the next use: {@code serve} waits for a {@code migrate} run elsewhere.
 */
public final class DatabaseHandle implements AutoCloseable {

    private final DatabaseSource source;
    private final Consumer<PostgresDatabase> schemaCheck;
    private PostgresDatabase db;
    private boolean schemaChecked;
    private boolean closed;

    /**
     * @param source      where the database comes from (a server of one's own, or the embedded one)
     * @param schemaCheck throws {@link SchemaNotMigratedException} when the schema is not ready; a no-op for {@code migrate}
     */
    public DatabaseHandle(DatabaseSource source, Consumer<PostgresDatabase> schemaCheck) {
        this.source = Objects.requireNonNull(source, "source");
        this.schemaCheck = Objects.requireNonNull(schemaCheck, "schemaCheck");
    }

    /**
     * @return the open database, its schema checked
     * @throws io.github.randomuseretl.adapter.postgres.DatabaseUnavailableException if it cannot be reached
     * @throws SchemaNotMigratedException if the schema is not migrated or behind this program
     */
    public synchronized PostgresDatabase get() {
        PostgresDatabase open = open();
        if (!schemaChecked) {
            schemaCheck.accept(open);
            schemaChecked = true;
        }
        return open;
    }

    /**
     * @return the open database, schema not checked (for a liveness ping)
     * @throws io.github.randomuseretl.adapter.postgres.DatabaseUnavailableException if it cannot be reached
     */
    public synchronized PostgresDatabase open() {
        if (closed) {
            throw new IllegalStateException("the database handle is closed");
        }
        if (db == null) {
            db = source.open();
        }
        return db;
    }

    /** @return the one line saying why the schema is not ready, or empty when it is */
    public synchronized Optional<String> schemaProblem() {
        try {
            get();
            return Optional.empty();
        } catch (SchemaNotMigratedException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** @return true once the pool is open */
    public synchronized boolean isOpen() {
        return db != null;
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            if (db != null) {
                db.close();
                db = null;
            }
        } finally {
            source.close();
        }
    }
}

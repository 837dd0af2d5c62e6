package io.github.randomuseretl.runner.scheduler.wiring;

import io.github.randomuseretl.adapter.postgres.PostgresDatabase;
import io.github.randomuseretl.adapter.postgres.PostgresMigrations;
import io.github.randomuseretl.adapter.postgres.PostgresSettings;
import io.github.randomuseretl.adapter.postgresembedded.EmbeddedPostgresException;
import io.github.randomuseretl.adapter.postgresembedded.EmbeddedPostgresServer;
import io.github.randomuseretl.adapter.postgresembedded.EmbeddedPostgresSettings;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where the process's database comes from: a server of one's own ({@code ETL_DB_URL}), or the embedded one. */
public interface DatabaseSource extends AutoCloseable {

    /**
     * @return the pooled database
     * @throws io.github.randomuseretl.adapter.postgres.DatabaseUnavailableException if it cannot be reached
     * @throws io.github.randomuseretl.adapter.postgresembedded.EmbeddedPostgresException if the embedded one cannot run
     */
    PostgresDatabase open();

    /** Releases what {@link #open()} started, after the pool is closed. */
    @Override
    void close();

    /**
     * @param settings the server's
     * @param pool     opens the pool ({@link PostgresDatabase#pooled} in production)
     * @return a source that connects to the server {@code ETL_DB_URL} names
     */
    static DatabaseSource server(PostgresSettings settings, Function<PostgresSettings, PostgresDatabase> pool) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(pool, "pool");
        return new DatabaseSource() {
            @Override
            public PostgresDatabase open() {
                return pool.apply(settings);
            }

            @Override
            public void close() {
                // nothing of ours to stop
            }
        };
    }

    /**
     * @param local    the embedded server's settings
     * @param settings the pool's settings, pointing at it
     * @return a source that starts (or joins) the embedded server, says where its data is, and migrates it
     */
    static DatabaseSource embedded(EmbeddedPostgresSettings local, PostgresSettings settings,
            Function<PostgresSettings, PostgresDatabase> pool) {
        return new Embedded(local, settings, pool);
    }

    /** The embedded PostgreSQL of ETL_DATA_DIR: started or joined, then migrated, as there is no one else to migrate it. */
    final class Embedded implements DatabaseSource {

        private static final Logger LOG = LoggerFactory.getLogger(DatabaseSource.class);

        private final EmbeddedPostgresSettings local;
        private final PostgresSettings settings;
        private final Function<PostgresSettings, PostgresDatabase> pool;
        private EmbeddedPostgresServer server;

        Embedded(EmbeddedPostgresSettings local, PostgresSettings settings, Function<PostgresSettings, PostgresDatabase> pool) {
            this.local = Objects.requireNonNull(local, "local");
            this.settings = Objects.requireNonNull(settings, "settings");
            this.pool = Objects.requireNonNull(pool, "pool");
        }

        @Override
        public synchronized PostgresDatabase open() {
            if (server == null) {
                try {
                    server = EmbeddedPostgresServer.open(local);
                } catch (EmbeddedPostgresException e) {
                    throw new EmbeddedDatabaseUnavailableException(e);
                }
                LOG.info(server.describe());
            }
            PostgresDatabase db = pool.apply(settings);
            try {
                new PostgresMigrations(db).migrate();
                return db;
            } catch (RuntimeException e) {
                db.close();
                throw e;
            }
        }

        @Override
        public synchronized void close() {
            if (server != null) {
                server.close();
                server = null;
            }
        }
    }
}

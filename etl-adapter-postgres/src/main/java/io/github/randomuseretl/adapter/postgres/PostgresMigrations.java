package io.github.randomuseretl.adapter.postgres;

import io.github.randomuseretl.core.port.SinkException;
import java.util.Map;
import java.util.Objects;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades the schema with Flyway: the migrations in this module, for the schema the
 * settings name ({@code ${schema}} in the scripts). The schema's history lives in its own
 * {@code flyway_schema_history} table. Runners call {@link #migrate()} from a {@code migrate} command
 * or at start-up; the sink never runs DDL itself.
 */
public final class PostgresMigrations {

    /** Where the scripts are on the class path. */
    static final String LOCATION = "classpath:io/github/randomuseretl/adapter/postgres/migration";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresMigrations.class);

    private final PostgresDatabase db;

    /**
     * @param db the database to migrate
     */
    public PostgresMigrations(PostgresDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /**
     * What a migration did.
     *
     * @param applied how many scripts ran (0 if the schema was up to date)
     * @param version the schema's version afterwards, e.g. {@code 4}
     */
    public record Result(int applied, String version) {
    }

    /**
     * Applies every pending migration, in one transaction per script. Safe to call from several
     * processes at once: Flyway serialises them with a lock.
     *
     * @return what was applied
     * @throws DatabaseUnavailableException if the database cannot be reached
     * @throws SinkException if a script fails; the message names it
     */
    public Result migrate() {
        try {
            MigrateResult r = flyway().migrate();
            String version = r.targetSchemaVersion != null ? r.targetSchemaVersion : r.initialSchemaVersion;
            LOG.info("schema {} of {} is at version {} ({} migrations applied)", db.schema(), db.settings().hostAndDatabase(),
                    version, r.migrationsExecuted);
            return new Result(r.migrationsExecuted, version);
        } catch (FlywayException e) {
            if (SqlErrors.isConnectionFailure(e)) {
                throw db.unavailable(e);
            }
            throw new SinkException("migrating schema " + db.schema() + " failed: " + db.scrub(SqlErrors.describe(e)), e);
        }
    }

    private Flyway flyway() {
        return Flyway.configure(PostgresMigrations.class.getClassLoader())
                .dataSource(db.unpooled())
                .schemas(db.schema())
                .defaultSchema(db.schema())
                .createSchemas(true)
                .locations(LOCATION)
                .failOnMissingLocations(true)
                // ${schema} in the scripts is the quoted name, so a reserved word works; Flyway quotes schemas() itself.
                .placeholders(Map.of("schema", db.quotedSchema()))
                .load();
    }
}

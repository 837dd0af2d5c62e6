package io.github.randomuseretl.adapter.postgres;

import io.github.randomuseretl.core.port.SchemaNotMigratedException;
import io.github.randomuseretl.core.port.SinkException;
import java.util.Map;
import java.util.Objects;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades the schema with Flyway: the migrations in this module, for the schema the
 * settings name ({@code ${schema}} in the scripts). The schema's history lives in its own
 * {@code flyway_schema_history} table. Runners call {@link #migrate()} from a {@code migrate} command
 * or at start-up; the sink never runs DDL itself. Every other command calls {@link #requireCurrent()}
 * once at start, so a forgotten {@code migrate} is named as such instead of surfacing as
 * "relation does not exist" in the middle of a run.
 */
public final class PostgresMigrations {

    /** Where the scripts are on the class path. */
    static final String LOCATION = "classpath:io/github/randomuseretl/adapter/postgres/migration";

    /**
     * The newest script's version, for {@link #isCurrentByHistory()}, which must not scan the class path
     * (Flyway's scan is what it saves); {@code PostgresMigrationsTest} fails when a script is added
     * without raising it.
     */
    static final String NEWEST = "9";

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
        return migrateTo("latest");
    }

    /**
     * Applies the pending migrations up to a version, for tests of a later migration on existing data.
     *
     * @param target the last version to apply, in Flyway's syntax ({@code 7?}: up to 7, or the last one
     *               before it if there is no 7)
     * @return what was applied
     */
    Result migrateTo(String target) {
        try {
            MigrateResult r = flyway(target).migrate();
            String version = r.targetSchemaVersion != null ? r.targetSchemaVersion : r.initialSchemaVersion;
            if (r.migrationsExecuted > 0) {
                LOG.info("schema {} of {} is at version {} ({} migrations applied)", db.schema(), db.settings().hostAndDatabase(),
                        version, r.migrationsExecuted);
            } else {
                LOG.debug("schema {} of {} is up to date at version {}", db.schema(), db.settings().hostAndDatabase(), version);
            }
            return new Result(r.migrationsExecuted, version);
        } catch (FlywayException e) {
            if (SqlErrors.isConnectionFailure(e)) {
                throw db.unavailable(e);
            }
            throw new SinkException("migrating schema " + db.schema() + " failed: " + db.scrub(SqlErrors.describe(e)), e);
        }
    }

    /**
     * Whether the schema is current, from one query of its history and without Flyway: the newest
     * versioned row is this program's newest migration, and it succeeded. Flyway's class path scan, its
     * configuration and its own connections cost a cold JVM half a second, which a runner that migrates
     * on first use (the Lambda, on every cold container) need not pay when the schema is current. False
     * means "let Flyway decide": a schema or history that does not exist yet, a failed migration, an
     * older or a newer schema. Unlike {@link #migrate()} it does not validate the applied scripts'
     * checksums. The query runs on one of this database's own connections and leaves no session state on
     * it (a plain SELECT), so the connection may serve the run next.
     *
     * @return true if no migration is pending and none failed
     * @throws DatabaseUnavailableException if the database cannot be reached
     */
    public boolean isCurrentByHistory() {
        try {
            return db.jdbi().withExtension(MigrationHistoryDao.class, MigrationHistoryDao::newestApplied).filter(NEWEST::equals)
                    .isPresent();
        } catch (RuntimeException e) {
            if (SqlErrors.isConnectionFailure(e)) {
                throw db.unavailable(e);
            }
            // Most often: no history table yet. Whatever it is, Flyway reports it better.
            LOG.debug("schema {}: reading its history failed, Flyway decides: {}", db.schema(), e.toString());
            return false;
        }
    }

    /**
     * Where the schema stands against this program's migrations.
     */
    public sealed interface Status {

        /** Every migration of this program is applied. @param version the schema's version */
        record Current(String version) implements Status {
        }

        /** No migration was ever applied: the schema or its history table is missing. @param latest this program's newest version */
        record NotMigrated(String latest) implements Status {
        }

        /**
         * Some of this program's migrations are not applied yet.
         *
         * @param version the schema's version
         * @param latest  this program's newest version
         */
        record Behind(String version, String latest) implements Status {
        }
    }

    /**
     * Reads the schema's history (Flyway's info: the history table against the scripts in this jar);
     * changes nothing.
     *
     * @return where the schema stands
     * @throws DatabaseUnavailableException if the database cannot be reached
     * @throws SinkException if the history cannot be read
     */
    public Status status() {
        try {
            MigrationInfoService info = flyway().info();
            String latest = "none";
            for (MigrationInfo m : info.all()) {
                // Flyway's own marker rows (schema creation, while a migrate is under way) carry no version.
                if (m.getVersion() != null) {
                    latest = m.getVersion().getVersion();
                }
            }
            MigrationInfo current = info.current();
            if (current == null || current.getVersion() == null) {
                return new Status.NotMigrated(latest);
            }
            String version = current.getVersion().getVersion();
            return info.pending().length == 0 ? new Status.Current(version) : new Status.Behind(version, latest);
        } catch (FlywayException e) {
            if (SqlErrors.isConnectionFailure(e)) {
                throw db.unavailable(e);
            }
            throw new SinkException("reading the history of schema " + db.schema() + " failed: " + db.scrub(SqlErrors.describe(e)), e);
        }
    }

    /**
     * @throws SchemaNotMigratedException naming the fix when the schema is not migrated or behind this program
     * @throws DatabaseUnavailableException if the database cannot be reached
     */
    public void requireCurrent() {
        Status status = status();
        String where = "schema " + db.schema() + " in " + db.settings().hostAndDatabase();
        if (status instanceof Status.NotMigrated) {
            throw new SchemaNotMigratedException(where + " is not migrated: run the migrate command (randomuser-etl migrate) first, "
                    + "with the same database settings");
        }
        if (status instanceof Status.Behind b) {
            throw new SchemaNotMigratedException(where + " is at version " + b.version() + " but this program needs version " + b.latest()
                    + ": run the migrate command (randomuser-etl migrate) first");
        }
    }

    private Flyway flyway() {
        return flyway("latest");
    }

    private Flyway flyway(String target) {
        return Flyway.configure(PostgresMigrations.class.getClassLoader())
                .dataSource(db.unpooled())
                .schemas(db.schema())
                .defaultSchema(db.schema())
                .createSchemas(true)
                .locations(LOCATION)
                .failOnMissingLocations(true)
                // ${schema} in the scripts is the quoted name, so a reserved word works; Flyway quotes schemas() itself.
                .placeholders(Map.of("schema", db.quotedSchema()))
                .target(target)
                .load();
    }
}

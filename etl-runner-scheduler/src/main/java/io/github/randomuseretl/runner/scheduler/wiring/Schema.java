package io.github.randomuseretl.runner.scheduler.wiring;

import io.github.randomuseretl.adapter.postgres.PostgresMigrations;
import java.util.Objects;

/** The {@code migrate} command's view of the schema: the commands never see the adapter's migration type. */
public final class Schema {

    private final PostgresMigrations migrations;
    private final String name;

    Schema(PostgresMigrations migrations, String name) {
        this.migrations = Objects.requireNonNull(migrations, "migrations");
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * What a migration did.
     *
     * @param schema  the schema
     * @param version the version it is at now
     * @param applied migrations applied by this call
     */
    public record Migrated(String schema, String version, int applied) {
    }

    /**
     * Applies the pending migrations.
     *
     * @return what was done
     */
    public Migrated migrate() {
        PostgresMigrations.Result r = migrations.migrate();
        return new Migrated(name, r.version(), r.applied());
    }
}

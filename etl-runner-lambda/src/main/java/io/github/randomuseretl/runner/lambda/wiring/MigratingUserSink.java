package io.github.randomuseretl.runner.lambda.wiring;

import io.github.randomuseretl.adapter.postgres.PostgresDatabase;
import io.github.randomuseretl.adapter.postgres.PostgresMigrations;
import io.github.randomuseretl.core.port.SlotClaim;
import io.github.randomuseretl.core.port.UserSink;
import io.github.randomuseretl.core.run.RunRequest;
import java.util.Objects;

/**
 * A sink that brings the schema up to date before its first claim in a container, so a fresh
 * deployment needs no separate migration step. Not in the init phase: with SnapStart that would run at
 * publish time, and without it a database outage would fail the init rather than the invocation.
 *
 * <p>A current schema costs one query of its history ({@link PostgresMigrations#isCurrentByHistory()}),
 * not Flyway: on a cold container Flyway took half of the first invocation's second beyond a warm
 * one's. Flyway runs only when that query does not find the newest migration applied (a fresh database,
 * a failed or a pending migration, a newer schema). The query leaves nothing on the connection, so the
 * run goes on with it. Flyway leaves session settings on its connection, which would pin it behind RDS
 * Proxy, so the connection is closed after migrating and the run opens a clean one. A failed migration
 * is retried on the next invocation. Thread-safe.
 */
final class MigratingUserSink implements UserSink {

    private final UserSink sink;
    private final PostgresMigrations migrations;
    private final PostgresDatabase database;
    private boolean migrated;

    /**
     * @param sink       the sink to delegate to
     * @param migrations the schema's migrations
     * @param database   the database both use
     */
    MigratingUserSink(UserSink sink, PostgresMigrations migrations, PostgresDatabase database) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.migrations = Objects.requireNonNull(migrations, "migrations");
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public SlotClaim claim(RunRequest request) {
        migrateOnce();
        return sink.claim(request);
    }

    private synchronized void migrateOnce() {
        if (!migrated) {
            if (!migrations.isCurrentByHistory()) {
                migrations.migrate();
                database.suspend();
            }
            migrated = true;
        }
    }
}

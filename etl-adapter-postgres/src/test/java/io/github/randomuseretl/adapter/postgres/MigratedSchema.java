package io.github.randomuseretl.adapter.postgres;

import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.run.RunRequest;
import io.github.randomuseretl.core.testing.MutableClock;
import io.github.randomuseretl.core.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A schema of its own for each test, migrated before it through a pooled {@link PostgresDatabase} that is
 * closed after it, and the clock the test's runs are stamped with. Register it on an instance field, so
 * every test gets a new one:
 *
 * <pre>{@code
 * @RegisterExtension
 * final MigratedSchema migrated = new MigratedSchema(DB, "sink");
 * ... migrated.db(), migrated.schema(), migrated.clock(), migrated.request("randomuser", "2026-03-01T10:00Z")
 * }</pre>
 */
final class MigratedSchema implements BeforeEachCallback, AfterEachCallback {

    /** Where every test's clock starts. */
    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    private final TestDatabase database;
    private final String schema;
    private final MutableClock clock = new MutableClock(START);
    private PostgresDatabase db;

    /**
     * @param database the test class's database
     * @param prefix   the schema name's prefix, telling which test class made it
     */
    MigratedSchema(TestDatabase database, String prefix) {
        this.database = database;
        this.schema = Pg.freshSchema(prefix);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        db = Pg.migrated(database, schema);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (db != null) {
            db.close();
        }
    }

    String schema() {
        return schema;
    }

    PostgresDatabase db() {
        return db;
    }

    MutableClock clock() {
        return clock;
    }

    /** @return a manual run of the slot, started now by {@link #clock()}, with 50 s to finish */
    RunRequest request(String pipeline, String slot) {
        return Pg.request(pipeline, Slot.parse(slot), clock.instant(), Duration.ofSeconds(50));
    }
}

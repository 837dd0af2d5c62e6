package io.github.randomuseretl.runner.scheduler.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.randomuseretl.core.testing.FakeRandomUserApi;
import io.github.randomuseretl.core.testing.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every jar test against a database needs, for one test class: a fresh database, the fake
 * randomuser.me API, and (unless the class tests {@code migrate} itself) the schema migrated by the
 * jar's own {@code migrate} command, so a broken migration fails here as it would in production.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MigratedEnvironment ENV = new MigratedEnvironment();
 * ... ENV.db(), ENV.api(), ENV.env()
 * }</pre>
 */
final class MigratedEnvironment implements BeforeAllCallback, AfterAllCallback {

    private final TestDatabase db = new TestDatabase();
    private final boolean migrate;
    private FakeRandomUserApi api;

    /** A database migrated by the jar before the class's first test. */
    MigratedEnvironment() {
        this(true);
    }

    private MigratedEnvironment(boolean migrate) {
        this.migrate = migrate;
    }

    /** @return an environment whose database is left empty, for a class whose tests run {@code migrate} */
    static MigratedEnvironment notYetMigrated() {
        return new MigratedEnvironment(false);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        db.beforeAll(context);
        api = FakeRandomUserApi.start();
        if (migrate) {
            JarProcess m = JarProcess.run(env(), "migrate");
            assertEquals(0, m.exitCode(), m.describe());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (api != null) {
                api.close();
            }
        } finally {
            db.afterAll(context);
        }
    }

    TestDatabase db() {
        return db;
    }

    FakeRandomUserApi api() {
        return api;
    }

    /** @return fresh settings for the jar pointing at this database and API; the caller may add to them */
    Map<String, String> env() {
        return E2e.env(db, api);
    }
}

package io.github.randomuseretl.runner.lambda.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import io.github.randomuseretl.adapter.postgres.PostgresDatabase;
import io.github.randomuseretl.adapter.postgres.PostgresUserSink;
import io.github.randomuseretl.adapter.randomuser.JsonSchemaUserValidator;
import io.github.randomuseretl.adapter.randomuser.RandomUserHttpSource;
import io.github.randomuseretl.core.config.InvalidSettingException;
import io.github.randomuseretl.core.pipeline.EtlPipeline;
import io.github.randomuseretl.core.port.UserSink;
import io.github.randomuseretl.core.port.UserSource;
import io.github.randomuseretl.core.port.UserValidator;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wiring builds as the init phase builds it: production stage, explicit bindings, no network. */
class LambdaModuleTest {

    /** Nothing listens here: building the wiring must not connect. */
    static final Map<String, String> ENV = Map.of(
            "ETL_DB_URL", "jdbc:postgresql://127.0.0.1:1/randomuser",
            "ETL_DB_USER", "etl",
            "ETL_DB_PASSWORD", "s3cret-pw",
            "ETL_SOURCE_URL", "http://127.0.0.1:1",
            "ETL_PIPELINE_NAME", "lambda-test");

    private static Injector injector(Map<String, String> env) {
        return Guice.createInjector(Stage.PRODUCTION, new LambdaModule(LambdaConfig.from(env)));
    }

    @Test
    void buildsEverySingletonInProductionStageWithExplicitBindingsAndWithoutADatabase() {
        Injector injector = injector(ENV);

        EtlPipeline pipeline = injector.getInstance(EtlPipeline.class);
        assertSame(pipeline, injector.getInstance(EtlPipeline.class), "one pipeline per container");
        assertEquals("lambda-test", pipeline.name());
        assertInstanceOf(RandomUserHttpSource.class, injector.getInstance(UserSource.class));
        assertInstanceOf(JsonSchemaUserValidator.class, injector.getInstance(UserValidator.class));
        assertSame(injector.getInstance(PostgresDatabase.class), injector.getInstance(PostgresDatabase.class));
        assertSame(injector.getInstance(ConnectionCheckpoint.class), injector.getInstance(ConnectionCheckpoint.class));
    }

    @Test
    void migratesOnFirstUseUnlessTurnedOff() {
        assertInstanceOf(MigratingUserSink.class, injector(ENV).getInstance(UserSink.class));

        Map<String, String> env = new HashMap<>(ENV);
        env.put("ETL_DB_MIGRATE", "false");
        assertInstanceOf(PostgresUserSink.class, injector(env).getInstance(UserSink.class));
    }

    @Test
    void aMissingDatabaseUrlStopsTheInitWithOneLineNamingIt() {
        Map<String, String> env = new HashMap<>(ENV);
        env.remove("ETL_DB_URL");

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> LambdaConfig.from(env));

        assertEquals("ETL_DB_URL", e.setting());
        assertTrue(e.getMessage().startsWith("ETL_DB_URL must be a JDBC URL"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void wrongRunnerSettingsAreNamed() {
        Map<String, String> env = new HashMap<>(ENV);
        env.put("ETL_DB_MIGRATE", "sometimes");
        assertEquals("ETL_DB_MIGRATE must be one of false, true, got \"sometimes\"",
                assertThrows(InvalidSettingException.class, () -> LambdaConfig.from(env)).getMessage());

        env.put("ETL_DB_MIGRATE", "true");
        env.put("ETL_USERS_PER_RUN", "0");
        assertEquals("ETL_USERS_PER_RUN", assertThrows(InvalidSettingException.class, () -> LambdaConfig.from(env)).setting());
    }

    @Test
    void neverPutsTheDatabasePasswordInTheSettingsMessageOrDescription() {
        Map<String, String> env = new HashMap<>(ENV);
        env.put("ETL_DB_URL", "jdbc:postgresql://127.0.0.1:1/randomuser?password=other");

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> LambdaConfig.from(env));

        assertEquals("ETL_DB_PASSWORD", e.setting());
        assertFalse(e.getMessage().contains("s3cret-pw") || e.getMessage().contains("other"), e.getMessage());
        assertFalse(LambdaConfig.from(ENV).database().describe().contains("s3cret-pw"));
    }
}

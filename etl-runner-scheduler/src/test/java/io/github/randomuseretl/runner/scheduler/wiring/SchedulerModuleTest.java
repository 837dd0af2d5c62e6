package io.github.randomuseretl.runner.scheduler.wiring;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.ConfigurationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import io.github.randomuseretl.adapter.postgres.PostgresDatabase;
import io.github.randomuseretl.adapter.postgres.PostgresMigrations;
import io.github.randomuseretl.adapter.postgres.PostgresOperations;
import io.github.randomuseretl.adapter.postgres.PostgresUserSink;
import io.github.randomuseretl.adapter.randomuser.JsonSchemaUserValidator;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.pipeline.EtlPipeline;
import io.github.randomuseretl.core.port.UserSink;
import io.github.randomuseretl.core.port.UserSource;
import io.github.randomuseretl.core.port.UserValidator;
import io.github.randomuseretl.runner.scheduler.observe.Readiness;
import io.github.randomuseretl.runner.scheduler.observe.RunMetrics;
import io.github.randomuseretl.runner.scheduler.observe.RunSummaryLog;
import io.github.randomuseretl.runner.scheduler.serve.AbortableSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The whole graph is bound explicitly and builds in production stage without a database. */
class SchedulerModuleTest {

    private final SchedulerConfig config = SchedulerConfig.from(Settings.of(Map.of(
            // Nothing listens there, and nothing may try: building the injector opens no connection.
            "ETL_DB_URL", "jdbc:postgresql://127.0.0.1:1/none",
            "ETL_DB_USER", "nobody")));
    private final Injector injector = Guice.createInjector(Stage.PRODUCTION, new SchedulerModule(config));

    @AfterEach
    void close() {
        injector.getInstance(Readiness.class).close();
        injector.getInstance(DatabaseHandle.class).close();
    }

    @Test
    void buildsInProductionStageWithoutOpeningTheDatabase() {
        assertFalse(injector.getInstance(DatabaseHandle.class).isOpen());
        assertSame(config, injector.getInstance(SchedulerConfig.class));
        assertSame(config.runner(), injector.getInstance(io.github.randomuseretl.runner.scheduler.config.RunnerSettings.class));
        assertSame(Clock.systemUTC(), injector.getInstance(Clock.class));
    }

    @Test
    void everyTypeTheCommandsUseIsBound() {
        for (Class<?> type : List.of(EtlPipeline.class, UserSource.class, UserValidator.class, UserSink.class, PostgresUserSink.class,
                PostgresDatabase.class, PostgresOperations.class, PostgresMigrations.class, AbortableSource.class, RunMetrics.class,
                RunSummaryLog.class, Readiness.class, PrometheusMeterRegistry.class, MeterRegistry.class, DatabaseHandle.class,
                Clock.class, Settings.class)) {
            assertNotNull(injector.getBinding(Key.get(type)), type.getName());
        }
    }

    @Test
    void sharedPiecesAreSingletonsAndThePortsAreTheAdapters() {
        assertSame(injector.getInstance(PrometheusMeterRegistry.class), injector.getInstance(MeterRegistry.class));
        assertSame(injector.getInstance(RunMetrics.class), injector.getInstance(RunMetrics.class));
        assertSame(injector.getInstance(AbortableSource.class), injector.getInstance(UserSource.class),
                "stopping can abort the very source the pipeline fetches with");
        assertInstanceOf(JsonSchemaUserValidator.class, injector.getInstance(UserValidator.class));
        assertSame(injector.getInstance(DatabaseHandle.class), injector.getInstance(DatabaseHandle.class));
    }

    @Test
    void nothingIsBoundJustInTime() {
        // A concrete class with a usable constructor would be bound silently without requireExplicitBindings.
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> injector.getInstance(Unbound.class));
        assertTrue(e.getMessage().contains("Explicit bindings are required"), e.getMessage());
    }

    static final class Unbound {
        @jakarta.inject.Inject
        Unbound() {
        }
    }
}

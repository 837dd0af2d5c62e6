package io.github.randomuseretl.runner.lambda.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.github.randomuseretl.adapter.postgres.PostgresDatabase;
import io.github.randomuseretl.adapter.postgres.PostgresMigrations;
import io.github.randomuseretl.adapter.postgres.PostgresOperations;
import io.github.randomuseretl.adapter.postgres.PostgresSettings;
import io.github.randomuseretl.adapter.postgres.PostgresUserSink;
import io.github.randomuseretl.adapter.archive.RawArchives;
import io.github.randomuseretl.adapter.randomuser.JsonSchemaUserValidator;
import io.github.randomuseretl.adapter.randomuser.RandomUserHttpSource;
import io.github.randomuseretl.adapter.randomuser.RandomUserSettings;
import io.github.randomuseretl.core.catchup.CatchUp;
import io.github.randomuseretl.core.catchup.CatchUpPlanner;
import io.github.randomuseretl.core.catchup.CatchUpSettings;
import io.github.randomuseretl.core.pipeline.EtlPipeline;
import io.github.randomuseretl.core.pipeline.PipelineSettings;
import io.github.randomuseretl.core.port.RunLedger;
import io.github.randomuseretl.core.port.UserSink;
import io.github.randomuseretl.core.port.UserSource;
import io.github.randomuseretl.core.port.UserValidator;
import java.time.Clock;
import java.util.Objects;

/**
 * The function's whole object graph, stated explicitly ({@code requireExplicitBindings}): the
 * randomuser.me source and its JSON Schema validator, the PostgreSQL sink and ledger on one lazily
 * opened connection, the pipeline and its catch-up, and the CRaC hook that closes that connection
 * before a SnapStart snapshot.
 *
 * <p>Everything is a singleton made without touching the network, so the injector is built in
 * {@code Stage.PRODUCTION} during the init phase (the JSON Schema is compiled there) and an invocation
 * only runs the pipeline.
 */
final class LambdaModule extends AbstractModule {

    private final LambdaConfig config;

    /**
     * @param config the checked settings
     */
    LambdaModule(LambdaConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    protected void configure() {
        binder().requireExplicitBindings();
        binder().requireAtInjectOnConstructors();
        bind(LambdaSettings.class).toInstance(config.lambda());
        bind(PipelineSettings.class).toInstance(config.pipeline());
        bind(RandomUserSettings.class).toInstance(config.source());
        bind(PostgresSettings.class).toInstance(config.database());
        bind(CatchUpSettings.class).toInstance(config.catchUp());
        bind(Clock.class).toInstance(Clock.systemUTC());
    }

    @Provides
    @Singleton
    UserSource userSource(RandomUserSettings settings, Clock clock) {
        return RandomUserHttpSource.create(settings, clock);
    }

    @Provides
    @Singleton
    UserValidator userValidator(RandomUserSettings settings, Clock clock) {
        return JsonSchemaUserValidator.from(settings, config.unknownFields(), clock);
    }

    /** One connection, opened on first use and checked before each use: what Lambda and RDS Proxy want. */
    @Provides
    @Singleton
    PostgresDatabase database(PostgresSettings settings) {
        return PostgresDatabase.singleConnection(settings);
    }

    @Provides
    @Singleton
    UserSink userSink(PostgresDatabase database, Clock clock, LambdaSettings settings) {
        UserSink sink = new PostgresUserSink(database, clock);
        return settings.migrate() ? new MigratingUserSink(sink, new PostgresMigrations(database), database) : sink;
    }

    @Provides
    @Singleton
    EtlPipeline pipeline(PipelineSettings settings, UserSource source, UserValidator validator, UserSink sink, Clock clock) {
        return EtlPipeline.builder()
                .settings(settings)
                .source(source)
                .validator(validator)
                .sink(sink)
                .clock(clock)
                // The S3 client is made in the init phase (in the SnapStart snapshot); it opens connections on first use.
                .archive(RawArchives.open(config.archive()).orElse(null))
                .build();
    }

    @Provides
    @Singleton
    RunLedger runLedger(PostgresDatabase database, Clock clock) {
        return new PostgresOperations(database, clock);
    }

    @Provides
    @Singleton
    CatchUp catchUp(EtlPipeline pipeline, RunLedger ledger, PipelineSettings settings, CatchUpSettings catchUp, Clock clock) {
        return new CatchUp(pipeline, new CatchUpPlanner(ledger, settings.pipelineName(), catchUp), clock);
    }

    @Provides
    @Singleton
    ConnectionCheckpoint connectionCheckpoint(PostgresDatabase database) {
        return new ConnectionCheckpoint(database::suspend);
    }
}

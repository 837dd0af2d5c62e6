package io.github.randomuseretl.runner.scheduler.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.github.randomuseretl.adapter.archive.RawArchives;
import io.github.randomuseretl.adapter.postgres.PostgresDatabase;
import io.github.randomuseretl.adapter.postgres.PostgresMigrations;
import io.github.randomuseretl.adapter.postgres.PostgresOperations;
import io.github.randomuseretl.adapter.postgres.PostgresSettings;
import io.github.randomuseretl.adapter.postgres.PostgresUserSink;
import io.github.randomuseretl.adapter.randomuser.ArchivedPageSource;
import io.github.randomuseretl.adapter.randomuser.JsonSchemaUserValidator;
import io.github.randomuseretl.adapter.randomuser.RandomUserHttpSource;
import io.github.randomuseretl.adapter.randomuser.RandomUserSettings;
import io.github.randomuseretl.core.catchup.CatchUp;
import io.github.randomuseretl.core.catchup.CatchUpPlanner;
import io.github.randomuseretl.core.catchup.CatchUpSettings;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.pipeline.EtlPipeline;
import io.github.randomuseretl.core.pipeline.PipelineSettings;
import io.github.randomuseretl.core.port.RawArchive;
import io.github.randomuseretl.core.port.RunLedger;
import io.github.randomuseretl.core.port.UserSink;
import io.github.randomuseretl.core.port.UserSource;
import io.github.randomuseretl.core.port.UserValidator;
import io.github.randomuseretl.runner.scheduler.config.RunnerSettings;
import io.github.randomuseretl.runner.scheduler.observe.BuildInfo;
import io.github.randomuseretl.runner.scheduler.observe.LedgerProbe;
import io.github.randomuseretl.runner.scheduler.observe.ProcessMetrics;
import io.github.randomuseretl.runner.scheduler.observe.MissingSlots;
import io.github.randomuseretl.runner.scheduler.observe.Readiness;
import io.github.randomuseretl.runner.scheduler.observe.RunMetrics;
import io.github.randomuseretl.runner.scheduler.observe.RunSummaryLog;
import io.github.randomuseretl.runner.scheduler.rebuild.Rebuild;
import io.github.randomuseretl.runner.scheduler.serve.AbortableSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The scheduler's whole object graph, stated explicitly: every binding is here, nothing is found by
 * classpath scanning or just-in-time binding ({@code requireExplicitBindings}).
 *
 * <p>Singletons are cheap and touch no network when made, so an injector can be built in
 * {@code Stage.PRODUCTION} (which makes singletons eagerly) without a database. What needs the database
 * ({@link PostgresDatabase}, the sink, the pipeline, operations, migrations) is unscoped and goes
 * through the one {@link DatabaseHandle}, which opens the pool on first use; a command asks for each
 * once.
 */
public final class SchedulerModule extends AbstractModule {

    /** How long a readiness check may take. */
    static final Duration READINESS_TIMEOUT = Duration.ofSeconds(3);

    private final SchedulerConfig config;
    private final boolean requireMigratedSchema;

    /**
     * @param config the checked settings
     */
    public SchedulerModule(SchedulerConfig config) {
        this(config, true);
    }

    /**
     * @param config                the checked settings
     * @param requireMigratedSchema false for {@code migrate} alone: every other command refuses a schema
     *                              that is not migrated, naming the fix
     */
    public SchedulerModule(SchedulerConfig config, boolean requireMigratedSchema) {
        this.config = Objects.requireNonNull(config, "config");
        this.requireMigratedSchema = requireMigratedSchema;
    }

    @Override
    protected void configure() {
        binder().requireExplicitBindings();
        binder().requireAtInjectOnConstructors();
        bind(SchedulerConfig.class).toInstance(config);
        bind(Settings.class).toInstance(config.settings());
        bind(RunnerSettings.class).toInstance(config.runner());
        bind(PipelineSettings.class).toInstance(config.pipeline());
        bind(RandomUserSettings.class).toInstance(config.source());
        bind(PostgresSettings.class).toInstance(config.database());
        bind(CatchUpSettings.class).toInstance(config.catchUp());
        bind(Clock.class).toInstance(Clock.systemUTC());
    }

    @Provides
    @Singleton
    PrometheusMeterRegistry prometheusRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @Provides
    @Singleton
    MeterRegistry meterRegistry(PrometheusMeterRegistry registry) {
        return registry;
    }

    /** JVM, process and build-info meters; a singleton, so made (and bound) when the wiring is built. */
    @Provides
    @Singleton
    ProcessMetrics processMetrics(MeterRegistry registry) {
        return new ProcessMetrics(registry, BuildInfo.current());
    }

    @Provides
    @Singleton
    RunMetrics runMetrics(MeterRegistry registry) {
        return new RunMetrics(registry);
    }

    @Provides
    @Singleton
    RunSummaryLog runSummaryLog() {
        return new RunSummaryLog();
    }

    @Provides
    @Singleton
    AbortableSource abortableSource(RandomUserSettings settings, Clock clock) {
        return new AbortableSource(RandomUserHttpSource.create(settings, clock));
    }

    @Provides
    @Singleton
    UserSource userSource(AbortableSource source) {
        return source;
    }

    @Provides
    @Singleton
    UserValidator userValidator(RandomUserSettings settings, Clock clock) {
        return JsonSchemaUserValidator.from(settings, config.unknownFields(), clock);
    }

    @Provides
    @Singleton
    DatabaseHandle databaseHandle(PostgresSettings settings, MeterRegistry registry) {
        // HikariCP's own Micrometer tracker: hikaricp_connections_* and the rest, tagged with the pool's name.
        MicrometerMetricsTrackerFactory poolMetrics = new MicrometerMetricsTrackerFactory(registry);
        Function<PostgresSettings, PostgresDatabase> pool = s -> PostgresDatabase.pooled(s, poolMetrics);
        DatabaseSource source = config.embedded()
                .map(local -> DatabaseSource.embedded(local, settings, pool))
                .orElseGet(() -> DatabaseSource.server(settings, pool));
        return new DatabaseHandle(source, requireMigratedSchema ? db -> new PostgresMigrations(db).requireCurrent() : db -> { });
    }

    /** Unscoped: opens the pool on first use and fails with DatabaseUnavailableException while it cannot. */
    @Provides
    PostgresDatabase database(DatabaseHandle handle) {
        return handle.get();
    }

    /** The raw archive, or none when ETL_ARCHIVE_URL is off; opening it touches no network. */
    @Provides
    @Singleton
    ArchiveChoice archive() {
        return new ArchiveChoice(RawArchives.open(config.archive()));
    }

    @Provides
    PostgresUserSink postgresUserSink(PostgresDatabase db, Clock clock) {
        return new PostgresUserSink(db, clock);
    }

    @Provides
    UserSink userSink(PostgresUserSink sink) {
        return sink;
    }

    @Provides
    EtlPipeline pipeline(PipelineSettings settings, UserSource source, UserValidator validator, UserSink sink, Clock clock,
            RunMetrics metrics, RunSummaryLog summaryLog, ArchiveChoice archive) {
        return EtlPipeline.builder()
                .settings(settings)
                .source(source)
                .validator(validator)
                .sink(sink)
                .clock(clock)
                .listener(metrics)
                .listener(summaryLog)
                .archive(archive.archive().orElse(null))
                .build();
    }

    /**
     * {@code rebuild}'s pipeline: the same contract, sink and run settings, but the archive as its source
     * (and nothing archived again); empty while the archive is off.
     */
    @Provides
    Rebuild rebuild(PipelineSettings settings, RandomUserSettings source, UserValidator validator, UserSink sink, Clock clock,
            RunMetrics metrics, RunSummaryLog summaryLog, ArchiveChoice archive) {
        Optional<RawArchive> raw = archive.archive();
        if (raw.isEmpty()) {
            return Rebuild.OFF;
        }
        ArchivedPageSource pages = new ArchivedPageSource(raw.get(), settings.pipelineName(), source);
        EtlPipeline pipeline = EtlPipeline.builder()
                .settings(settings)
                .sourceBudget(null)
                .source(pages)
                .validator(validator)
                .sink(sink)
                .clock(clock)
                .listener(metrics)
                .listener(summaryLog)
                .build();
        return new Rebuild(pipeline, pages::archived, raw.get());
    }

    @Provides
    PostgresOperations operations(PostgresDatabase db, Clock clock) {
        return new PostgresOperations(db, clock);
    }

    /** The ledger as the commands and catch-up read it: through the core's port. */
    @Provides
    RunLedger runLedger(PostgresOperations operations) {
        return operations;
    }

    @Provides
    CatchUpPlanner catchUpPlanner(RunLedger ledger, PipelineSettings pipeline, CatchUpSettings settings) {
        return new CatchUpPlanner(ledger, pipeline.pipelineName(), settings);
    }

    @Provides
    CatchUp catchUp(EtlPipeline pipeline, CatchUpPlanner planner, Clock clock) {
        return new CatchUp(pipeline, planner, clock);
    }

    @Provides
    PostgresMigrations migrations(PostgresDatabase db) {
        return new PostgresMigrations(db);
    }

    @Provides
    Schema schema(PostgresMigrations migrations, PostgresSettings settings) {
        return new Schema(migrations, settings.schema());
    }

    @Provides
    QuarantineReplays quarantineReplays(PostgresUserSink sink, UserValidator validator, PipelineSettings settings, Clock clock,
            RunMetrics metrics, RunSummaryLog summaryLog) {
        return new QuarantineReplays(sink, validator, settings, clock, List.of(metrics, summaryLog));
    }

    @Provides
    @Singleton
    MissingSlots missingSlots(MeterRegistry registry) {
        return new MissingSlots(registry);
    }

    @Provides
    @Singleton
    LedgerProbe ledgerProbe(DatabaseHandle handle, PipelineSettings settings, CatchUpSettings catchUp, Clock clock) {
        return new PostgresLedgerProbe(handle, settings.pipelineName(), catchUp, clock);
    }

    @Provides
    @Singleton
    Readiness readiness(LedgerProbe probe, RunMetrics metrics, MissingSlots missing, Clock clock, RunnerSettings runner) {
        return new Readiness(probe, metrics, missing, clock, runner.readyMaxAge(), READINESS_TIMEOUT);
    }
}

package io.github.randomuseretl.runner.scheduler.wiring;

import io.github.randomuseretl.adapter.archive.ArchiveSettings;
import io.github.randomuseretl.adapter.postgres.PostgresSettings;
import io.github.randomuseretl.adapter.postgresembedded.EmbeddedPostgresSettings;
import io.github.randomuseretl.adapter.randomuser.RandomUserSettings;
import io.github.randomuseretl.adapter.randomuser.UnknownFields;
import io.github.randomuseretl.core.catchup.BudgetCheck;
import io.github.randomuseretl.core.catchup.CatchUpSettings;
import io.github.randomuseretl.core.config.InvalidSettingException;
import io.github.randomuseretl.core.config.Setting;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.pipeline.PipelineSettings;
import io.github.randomuseretl.runner.scheduler.config.RunnerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every setting the scheduler uses, read and checked once at start-up by its owners' parsers, so a
 * wrong one stops the program before anything starts.
 *
 * <p>Without {@code ETL_DB_URL} the database is the embedded PostgreSQL of {@code ETL_DATA_DIR}:
 * {@link #embedded()} is present and {@link #database()} points at it (its URL is known before it
 * starts, since its port is fixed).
 *
 * @param settings the raw settings (environment with flags over it)
 * @param runner   the scheduler's own
 * @param pipeline the core pipeline's
 * @param source   the randomuser.me source's and validator's
 * @param database the PostgreSQL sink's
 * @param catchUp  the schedule and catch-up window, the core's
 * @param embedded the embedded server's, when ETL_DB_URL is unset
 * @param archive  the raw archive's: off by default with ETL_DB_URL, ETL_DATA_DIR/archive under the embedded database
 * @param unknownFields what a field the contract does not know does to its record
 */
public record SchedulerConfig(Settings settings, RunnerSettings runner, PipelineSettings pipeline, RandomUserSettings source,
                              PostgresSettings database, CatchUpSettings catchUp, Optional<EmbeddedPostgresSettings> embedded,
                              ArchiveSettings archive, UnknownFields unknownFields) {

    /** The login settings that only make sense with a server of one's own. */
    private static final List<String> ONLY_WITH_A_URL = List.of(PostgresSettings.DB_USER.name(), PostgresSettings.DB_PASSWORD.name(),
            PostgresSettings.DB_PASSWORD.fileName().orElseThrow());

    /** Checks presence. */
    public SchedulerConfig {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(catchUp, "catchUp");
        Objects.requireNonNull(embedded, "embedded");
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(unknownFields, "unknownFields");
    }

    /**
     * @param settings the environment with flags laid over it
     * @return every setting, checked
     * @throws io.github.randomuseretl.core.config.InvalidSettingException naming the first wrong setting
     */
    public static SchedulerConfig from(Settings settings) {
        RunnerSettings runner = RunnerSettings.from(settings);
        PostgresSettings database;
        Optional<EmbeddedPostgresSettings> embedded;
        if (settings.optional(PostgresSettings.DB_URL.name()).isPresent()) {
            database = PostgresSettings.from(settings);
            embedded = Optional.empty();
        } else {
            for (String name : ONLY_WITH_A_URL) {
                if (settings.optional(name).isPresent()) {
                    throw new InvalidSettingException(name, "set only with ETL_DB_URL (without it the job uses its embedded database "
                            + "in ETL_DATA_DIR, which needs no login)",
                            name.startsWith(PostgresSettings.DB_PASSWORD.name()) ? Setting.MASK : settings.optional(name).get());
                }
            }
            EmbeddedPostgresSettings local = EmbeddedPostgresSettings.from(settings);
            database = PostgresSettings.from(settings.with(Map.of(PostgresSettings.DB_URL.name(), local.jdbcUrl())));
            embedded = Optional.of(local);
        }
        RandomUserSettings source = RandomUserSettings.from(settings);
        PipelineSettings pipeline = PipelineSettings.from(settings);
        CatchUpSettings catchUp = CatchUpSettings.from(settings);
        ArchiveSettings archive = ArchiveSettings.from(settings, embedded.map(e -> e.dataDir().resolve("archive")));
        return new SchedulerConfig(settings, runner, pipeline, source, database, catchUp, embedded, archive, UnknownFields.from(settings));
    }

    /**
     * @return one line saying that {@code ETL_USERS_PER_RUN} times the slots per budget window exceeds
     *         {@code ETL_SOURCE_BUDGET}, if it does
     */
    public Optional<String> budgetWarning() {
        return BudgetCheck.unsustainable(pipeline.sourceBudget(), catchUp.schedule(), source.usersPerRun());
    }

    /** @return how long runs and quarantined records are kept ({@code ETL_RETENTION_DAYS}) */
    public Duration retention() {
        return database.retention();
    }

    /** @return the schema the database's tables live in */
    public String schema() {
        return database.schema();
    }

    /** @return one line for the start-up log: database, source and budget, never a credential */
    public String describe() {
        return database.describe() + ", source " + source.baseUrl() + " (API " + source.apiVersion().text() + ", "
                + source.usersPerRun() + " users per run, budget " + pipeline.sourceBudget() + ")";
    }
}

package io.github.randomuseretl.runner.lambda.wiring;

import io.github.randomuseretl.adapter.archive.ArchiveSettings;
import io.github.randomuseretl.adapter.postgres.PostgresSettings;
import io.github.randomuseretl.adapter.randomuser.RandomUserSettings;
import io.github.randomuseretl.adapter.randomuser.UnknownFields;
import io.github.randomuseretl.core.catchup.BudgetCheck;
import io.github.randomuseretl.core.catchup.CatchUpSettings;
import io.github.randomuseretl.core.config.LogSettings;
import io.github.randomuseretl.core.config.SettingCatalog;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.pipeline.PipelineSettings;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every setting the function uses, read from its environment variables and checked once, in the init
 * phase, through the descriptors of the modules that own them (the same names the scheduler reads),
 * gathered in {@link #CATALOG}. A wrong or missing one fails the init with one line naming it.
 *
 * @param settings the raw settings
 * @param lambda   the runner's own
 * @param pipeline the core pipeline's
 * @param source   the randomuser.me source's and validator's
 * @param database the PostgreSQL sink's
 * @param catchUp  the schedule (which must match the EventBridge rule) and the catch-up window, the core's
 * @param archive  the raw archive's (off unless ETL_ARCHIVE_URL is set; on Lambda an s3:// URL)
 * @param unknownFields what a field the contract does not know does to its record
 */
public record LambdaConfig(Settings settings, LambdaSettings lambda, PipelineSettings pipeline, RandomUserSettings source,
                    PostgresSettings database, CatchUpSettings catchUp, ArchiveSettings archive, UnknownFields unknownFields) {

    /**
     * The database's, the source's, the pipeline's, catch-up's, the runner's own and logging's settings, as
     * README lists them.
     */
    static final SettingCatalog CATALOG = SettingCatalog.of(PostgresSettings.SETTINGS, RandomUserSettings.SETTINGS,
            UnknownFields.SETTINGS, PipelineSettings.SETTINGS, ArchiveSettings.SETTINGS, CatchUpSettings.SETTINGS, LambdaSettings.SETTINGS,
            LogSettings.SETTINGS);

    /** Checks presence. */
    public LambdaConfig {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(lambda, "lambda");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(catchUp, "catchUp");
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(unknownFields, "unknownFields");
    }

    /**
     * @param environment the function's environment variables
     * @return every setting, checked
     * @throws io.github.randomuseretl.core.config.InvalidSettingException naming the first wrong setting
     */
    public static LambdaConfig from(Map<String, String> environment) {
        Settings settings = Settings.of(environment);
        PostgresSettings database = PostgresSettings.from(settings);
        RandomUserSettings source = RandomUserSettings.from(settings);
        PipelineSettings pipeline = PipelineSettings.from(settings);
        LambdaSettings lambda = LambdaSettings.from(settings);
        CatchUpSettings catchUp = CatchUpSettings.from(settings);
        ArchiveSettings archive = ArchiveSettings.from(settings, Optional.empty());
        return new LambdaConfig(settings, lambda, pipeline, source, database, catchUp, archive, UnknownFields.from(settings));
    }

    /** @return one line saying the budget cannot sustain the schedule, if so */
    Optional<String> budgetWarning() {
        return BudgetCheck.unsustainable(pipeline.sourceBudget(), catchUp.schedule(), source.usersPerRun());
    }
}

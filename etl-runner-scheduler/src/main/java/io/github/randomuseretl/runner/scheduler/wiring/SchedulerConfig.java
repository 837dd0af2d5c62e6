package io.github.randomuseretl.runner.scheduler.wiring;

import io.github.randomuseretl.adapter.postgres.PostgresSettings;
import io.github.randomuseretl.adapter.randomuser.RandomUserSettings;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.pipeline.PipelineSettings;
import io.github.randomuseretl.runner.scheduler.config.RunnerSettings;
import java.util.Objects;

/**
 * Every setting the scheduler uses, read and checked once at start-up by its owners' parsers, so a
 * wrong one stops the program before anything starts.
 *
 * @param settings the raw settings (environment with flags over it)
 * @param runner   the scheduler's own
 * @param pipeline the core pipeline's
 * @param source   the randomuser.me source's and validator's
 * @param database the PostgreSQL sink's
 */
public record SchedulerConfig(Settings settings, RunnerSettings runner, PipelineSettings pipeline, RandomUserSettings source,
                              PostgresSettings database) {

    /** Checks presence. */
    public SchedulerConfig {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(database, "database");
    }

    /**
     * @param settings the environment with flags laid over it
     * @return every setting, checked
     * @throws io.github.randomuseretl.core.config.InvalidSettingException naming the first wrong setting
     */
    public static SchedulerConfig from(Settings settings) {
        RunnerSettings runner = RunnerSettings.from(settings);
        PostgresSettings database = PostgresSettings.from(settings);
        RandomUserSettings source = RandomUserSettings.from(settings);
        PipelineSettings pipeline = PipelineSettings.from(settings);
        return new SchedulerConfig(settings, runner, pipeline, source, database);
    }
}

package io.github.randomuseretl.runner.lambda;

import io.github.randomuseretl.core.config.Setting;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.config.Use;
import java.util.List;

/**
 * The Lambda runner's own settings, each described once in {@link #SETTINGS}; the pipeline, source and
 * database read theirs themselves.
 *
 * @param migrate whether to migrate on first use
 */
record LambdaSettings(boolean migrate) {

    /** {@code ETL_DB_MIGRATE}. */
    static final Setting<Boolean> DB_MIGRATE = Setting.named("ETL_DB_MIGRATE")
            .means("apply pending schema migrations on a container's first invocation; false when the deployment migrates "
                    + "separately (e.g. the scheduler jar's migrate against the database)")
            .usedFor(Use.MIGRATE)
            .bool(true);

    /** Every setting of the Lambda runner. */
    static final List<Setting<?>> SETTINGS = List.of(DB_MIGRATE);

    /**
     * @param settings the settings
     * @return the checked settings
     * @throws io.github.randomuseretl.core.config.InvalidSettingException naming a wrong setting
     */
    static LambdaSettings from(Settings settings) {
        return new LambdaSettings(DB_MIGRATE.read(settings));
    }
}

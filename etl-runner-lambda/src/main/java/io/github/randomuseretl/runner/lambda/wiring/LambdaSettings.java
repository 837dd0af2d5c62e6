package io.github.randomuseretl.runner.lambda.wiring;

import io.github.randomuseretl.core.config.LogSettings;
import io.github.randomuseretl.core.config.Setting;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.config.Use;
import java.util.List;

/**
 * The Lambda runner's own settings, each described once in {@link #SETTINGS}, and the logging settings
 * it shares with the scheduler ({@link LogSettings}); the pipeline, source and database read theirs
 * themselves.
 *
 * @param migrate   whether to migrate on first use
 * @param logFormat {@code text} or {@code json} (one object per line, which CloudWatch Logs Insights reads as fields)
 * @param logLevel  {@code trace}, {@code debug}, {@code info}, {@code warn} or {@code error}
 */
public record LambdaSettings(boolean migrate, String logFormat, String logLevel) {

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
    public static LambdaSettings from(Settings settings) {
        return new LambdaSettings(DB_MIGRATE.read(settings), LogSettings.FORMAT.read(settings), LogSettings.LEVEL.read(settings));
    }
}

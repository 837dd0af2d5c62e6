package io.github.randomuseretl.runner.lambda.wiring;

import io.github.randomuseretl.core.config.Settings;
import java.util.Set;

/**
 * The Lambda runner's own settings; the pipeline, source and database read theirs themselves.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code ETL_DB_MIGRATE}</td><td>{@code true}</td><td>apply pending schema migrations on a
 *       container's first invocation ({@code false} when a {@code migrate} step of the deployment does it)</td></tr>
 *   <tr><td>{@code ETL_LOG_FORMAT}</td><td>{@code text}</td><td>log lines on standard output: {@code text} or
 *       {@code json} (one object per line, which CloudWatch Logs Insights reads as fields)</td></tr>
 *   <tr><td>{@code ETL_LOG_LEVEL}</td><td>{@code info}</td><td>level of this program's own loggers</td></tr>
 * </table>
 *
 * @param migrate   whether to migrate on first use
 * @param logFormat {@code text} or {@code json}
 * @param logLevel  {@code trace}, {@code debug}, {@code info}, {@code warn} or {@code error}
 */
public record LambdaSettings(boolean migrate, String logFormat, String logLevel) {

    /**
     * @param settings the settings
     * @return the checked settings
     * @throws io.github.randomuseretl.core.config.InvalidSettingException naming a wrong setting
     */
    public static LambdaSettings from(Settings settings) {
        boolean migrate = Boolean.parseBoolean(settings.oneOf("ETL_DB_MIGRATE", "true", Set.of("true", "false")));
        String format = settings.oneOf("ETL_LOG_FORMAT", "text", Set.of("text", "json"));
        String level = settings.oneOf("ETL_LOG_LEVEL", "info", Set.of("trace", "debug", "info", "warn", "error"));
        return new LambdaSettings(migrate, format, level);
    }
}

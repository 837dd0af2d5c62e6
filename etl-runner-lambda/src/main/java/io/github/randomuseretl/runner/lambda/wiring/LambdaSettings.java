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
 * </table>
 *
 * @param migrate whether to migrate on first use
 */
public record LambdaSettings(boolean migrate) {

    /**
     * @param settings the settings
     * @return the checked settings
     * @throws io.github.randomuseretl.core.config.InvalidSettingException naming a wrong setting
     */
    public static LambdaSettings from(Settings settings) {
        boolean migrate = Boolean.parseBoolean(settings.oneOf("ETL_DB_MIGRATE", "true", Set.of("true", "false")));
        return new LambdaSettings(migrate);
    }
}

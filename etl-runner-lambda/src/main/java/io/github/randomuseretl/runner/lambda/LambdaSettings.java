package io.github.randomuseretl.runner.lambda;

import io.github.randomuseretl.core.config.Settings;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The Lambda runner's own settings; the pipeline, source and database read theirs themselves.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code ETL_DB_MIGRATE}</td><td>{@code true}</td><td>apply pending schema migrations on a
 *       container's first invocation ({@code false} when a {@code migrate} step of the deployment does it)</td></tr>
 *   <tr><td>{@code ETL_ABANDON_GRACE}</td><td>{@code 30s}</td><td>how long past its deadline another
 *       invocation's run is presumed alive before its slot may be retried (as in the scheduler)</td></tr>
 * </table>
 *
 * @param migrate      whether to migrate on first use
 * @param abandonGrace the grace before a run past its deadline counts as abandoned
 */
record LambdaSettings(boolean migrate, Duration abandonGrace) {

    /** Checks presence. */
    LambdaSettings {
        Objects.requireNonNull(abandonGrace, "abandonGrace");
    }

    /**
     * @param settings the settings
     * @return the checked settings
     * @throws io.github.randomuseretl.core.config.InvalidSettingException naming a wrong setting
     */
    static LambdaSettings from(Settings settings) {
        boolean migrate = Boolean.parseBoolean(settings.oneOf("ETL_DB_MIGRATE", "true", Set.of("true", "false")));
        Duration abandon = settings.duration("ETL_ABANDON_GRACE", Duration.ofSeconds(30), Duration.ZERO, Duration.ofHours(1));
        return new LambdaSettings(migrate, abandon);
    }
}

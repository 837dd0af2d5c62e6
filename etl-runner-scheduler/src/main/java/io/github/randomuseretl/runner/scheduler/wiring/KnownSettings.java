package io.github.randomuseretl.runner.scheduler.wiring;

import io.github.randomuseretl.adapter.archive.ArchiveSettings;
import io.github.randomuseretl.adapter.postgres.PostgresSettings;
import io.github.randomuseretl.adapter.postgresembedded.EmbeddedPostgresSettings;
import io.github.randomuseretl.adapter.randomuser.RandomUserSettings;
import io.github.randomuseretl.adapter.randomuser.UnknownFields;
import io.github.randomuseretl.core.catchup.CatchUpSettings;
import io.github.randomuseretl.core.config.LogSettings;
import io.github.randomuseretl.core.config.Setting;
import io.github.randomuseretl.core.config.SettingCatalog;
import io.github.randomuseretl.core.pipeline.PipelineSettings;
import io.github.randomuseretl.runner.scheduler.config.RunnerSettings;
import java.util.List;
import java.util.Optional;

/**
 * Every setting the scheduler reads: the descriptors of the modules it wires, in the order {@code config}
 * and README show them. Flags, help, {@code config}, the unknown-name warnings and README's table all
 * derive from {@link #CATALOG}; deployment tests ask {@link #find(String)} whether a name is a setting, and
 * {@code CATALOG.unknown(names)} says what the runner would warn about.
 */
public final class KnownSettings {

    /** Unset, the scheduler runs on its embedded database (see {@code SchedulerConfig}); the module requires it. */
    private static final Setting<String> DB_URL = PostgresSettings.DB_URL.shownAs("unset: the embedded database",
            PostgresSettings.DB_URL.meaning() + "; unset, every command uses an embedded PostgreSQL kept in ETL_DATA_DIR, migrated "
                    + "automatically (ETL_DB_USER and the password settings are then refused)");

    /**
     * The database's (a server's or the embedded one's), the source's, the pipeline's, catch-up's, the runner's
     * and logging's settings.
     */
    public static final SettingCatalog CATALOG = SettingCatalog.of(List.of(DB_URL),
            PostgresSettings.SETTINGS.stream().filter(s -> s != PostgresSettings.DB_URL).toList(), EmbeddedPostgresSettings.SETTINGS,
            RandomUserSettings.SETTINGS, UnknownFields.SETTINGS, PipelineSettings.SETTINGS, ArchiveSettings.SETTINGS, CatchUpSettings.SETTINGS,
            RunnerSettings.SETTINGS, LogSettings.SETTINGS);

    private KnownSettings() {
    }

    /**
     * Whether a name is a setting of this program: the one lookup for warnings and for tests that check
     * env files, compose files and manifests.
     *
     * @param name an environment variable; a secret's file form ({@code ETL_DB_PASSWORD_FILE}) finds the secret
     * @return its setting, if the scheduler reads it
     */
    public static Optional<Setting<?>> find(String name) {
        return CATALOG.find(name);
    }
}

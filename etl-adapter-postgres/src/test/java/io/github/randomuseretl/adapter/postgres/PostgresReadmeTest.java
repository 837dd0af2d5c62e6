package io.github.randomuseretl.adapter.postgres;

import io.github.randomuseretl.core.config.SettingCatalog;
import io.github.randomuseretl.core.testing.GeneratedReadme;
import org.junit.jupiter.api.Test;

class PostgresReadmeTest {

    @Test
    void theModuleReadmesSettingsTableIsTheDescriptors() {
        GeneratedReadme.assertBlock(GeneratedReadme.file("etl-adapter-postgres/README.md"), "settings",
                GeneratedReadme.settingsTable(SettingCatalog.of(PostgresSettings.SETTINGS)));
    }
}

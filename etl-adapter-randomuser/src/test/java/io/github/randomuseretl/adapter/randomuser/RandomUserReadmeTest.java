package io.github.randomuseretl.adapter.randomuser;

import io.github.randomuseretl.core.config.SettingCatalog;
import io.github.randomuseretl.core.testing.GeneratedReadme;
import org.junit.jupiter.api.Test;

class RandomUserReadmeTest {

    @Test
    void theModuleReadmesSettingsTableIsTheDescriptors() {
        GeneratedReadme.assertBlock(GeneratedReadme.file("etl-adapter-randomuser/README.md"), "settings",
                GeneratedReadme.settingsTable(SettingCatalog.of(RandomUserSettings.SETTINGS)));
    }
}

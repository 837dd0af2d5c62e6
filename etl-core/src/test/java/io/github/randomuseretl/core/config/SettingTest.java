package io.github.randomuseretl.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.pipeline.PipelineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingTest {

    private static final Setting<Duration> TIMEOUT = Setting.named("ETL_RUN_TIMEOUT")
            .means("how long a run may take").usedFor(Use.RUN)
            .duration(Duration.ofSeconds(50), Duration.ofSeconds(1), Duration.ofHours(1));

    private static final Setting<Optional<String>> PASSWORD = Setting.named("ETL_DB_PASSWORD")
            .means("the database password").usedFor(Use.RUN, Use.INSPECT, Use.MIGRATE).secret().optionalText();

    @Test
    void theFlagIsDerivedFromTheNameSoItIsNeverWrittenTwice() {
        assertEquals("--run-timeout", TIMEOUT.flag());
        assertEquals("--db-password", PASSWORD.flag());
    }

    @Test
    void anUnsetSettingReadsItsDefaultAndShowsItAsAUserWritesIt() {
        assertEquals(Duration.ofSeconds(50), TIMEOUT.read(Settings.of(Map.of())));
        assertEquals("50s", TIMEOUT.defaultText());
        assertEquals("a duration from 1s to 1h", TIMEOUT.expected());
    }

    @Test
    void aWrongValueStopsWithOneLineNamingTheSetting() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> TIMEOUT.read(Settings.of(Map.of("ETL_RUN_TIMEOUT", "2h"))));
        assertEquals("ETL_RUN_TIMEOUT", e.setting());
        assertTrue(e.getMessage().startsWith("ETL_RUN_TIMEOUT must be a duration from 1s to 1h"), e.getMessage());
    }

    @Test
    void aSecretIsAlsoReadFromItsFileAndIsFoundUnderThatName(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "s3cret\n");
        assertEquals(Optional.of("s3cret"), PASSWORD.read(Settings.of(Map.of("ETL_DB_PASSWORD_FILE", file.toString()))));
        SettingCatalog catalog = SettingCatalog.of(List.of(PASSWORD));
        assertEquals(Optional.of(PASSWORD), catalog.find("ETL_DB_PASSWORD_FILE"));
        assertEquals(Optional.empty(), SettingCatalog.of(List.of(TIMEOUT)).find("ETL_RUN_TIMEOUT_FILE"),
                "only a secret has a _FILE form");
    }

    @Test
    void aDescriptorWithoutMeaningOrUseOrWithABadNameIsRefusedWhenTheClassLoads() {
        assertThrows(NullPointerException.class, () -> Setting.named("ETL_X").usedFor(Use.RUN).text("a"));
        assertThrows(IllegalStateException.class, () -> Setting.named("ETL_X").means("x").text("a"));
        assertThrows(IllegalArgumentException.class, () -> Setting.named("etl_x"));
        assertThrows(IllegalArgumentException.class, () -> Setting.named("ETL_X").means("x").usedFor(Use.RUN)
                .oneOf("maybe", Set.of("yes", "no")));
    }

    @Test
    void theCatalogSuggestsTheClosestNameForATypoAndNothingForANameFarFromEveryOne() {
        SettingCatalog catalog = SettingCatalog.of(PipelineSettings.SETTINGS, List.of(PASSWORD));
        assertEquals(Optional.of("ETL_RUN_TIMEOUT"), catalog.closest("ETL_RUN_TIMOUT"));
        assertEquals(Optional.of("ETL_DB_PASSWORD"), catalog.closest("ETL_DB_PASWORD"));
        assertEquals(Optional.empty(), catalog.closest("ETL_COLOUR"));
    }

    @Test
    void aCommandSeesOnlyTheSettingsOfWhatItDoes() {
        SettingCatalog catalog = SettingCatalog.of(PipelineSettings.SETTINGS, List.of(PASSWORD));
        assertEquals(List.of("ETL_PIPELINE_NAME", "ETL_DB_PASSWORD"),
                catalog.usedFor(Set.of(Use.INSPECT)).stream().map(Setting::name).toList());
        assertEquals(List.of("ETL_DB_PASSWORD"), catalog.usedFor(Set.of(Use.MIGRATE)).stream().map(Setting::name).toList());
    }

    @Test
    void aNameDeclaredTwiceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SettingCatalog.of(List.of(TIMEOUT), PipelineSettings.SETTINGS));
    }
}

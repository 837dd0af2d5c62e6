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

    private enum Colour { RED, DARK_GREEN }

    @Test
    void aValueFromCodeIsCheckedAsTheSameTextWouldBeWithTheSameOneLineError() {
        Setting<Integer> users = Setting.named("ETL_USERS_PER_RUN").means("users").usedFor(Use.RUN).integer(100, 1, 100_000);
        assertEquals(7, users.check(7));
        InvalidSettingException fromCode = assertThrows(InvalidSettingException.class, () -> users.check(0));
        InvalidSettingException fromText = assertThrows(InvalidSettingException.class,
                () -> users.read(Settings.of(Map.of("ETL_USERS_PER_RUN", "0"))));
        assertEquals(fromText.getMessage(), fromCode.getMessage());
        assertEquals(Duration.ofMinutes(2), TIMEOUT.check(Duration.ofMinutes(2)));
        assertThrows(InvalidSettingException.class, () -> TIMEOUT.check(Duration.ofMillis(10)));
        assertEquals("ETL_RUN_TIMEOUT must be a duration from 1s to 1h (it is not set)",
                assertThrows(InvalidSettingException.class, () -> TIMEOUT.check(null)).getMessage());
    }

    @Test
    void blankTextFromCodeIsRefusedInsteadOfFallingBackToTheDefault() {
        Setting<String> prefix = Setting.named("ETL_SEED_PREFIX").means("prefix").usedFor(Use.RUN)
                .parsed("randomuser-etl", "randomuser-etl", "1 to 64 letters", text -> text);
        assertEquals("ETL_SEED_PREFIX must be 1 to 64 letters, got \" \"",
                assertThrows(InvalidSettingException.class, () -> prefix.check(" ")).getMessage());
        Setting<List<String>> list = Setting.named("ETL_NATIONALITIES").means("codes").usedFor(Use.RUN).list(List.of());
        assertEquals(List.of(), list.check(List.of()), "an empty list is the unset value, not blank text");
        assertEquals(Optional.empty(), PipelineSettings.MAX_REJECT_RATIO.check(Optional.empty()));
    }

    @Test
    void aParsedValueFromCodeComesBackAsTheParserNormalisesIt() {
        Setting<String> url = Setting.named("ETL_SOURCE_URL").means("base URL").usedFor(Use.RUN)
                .parsed("https://randomuser.me", "https://randomuser.me", "a URL", text -> text.replaceAll("/+$", ""));
        assertEquals("http://proxy", url.check("http://proxy/"));
    }

    @Test
    void aBooleanOrAnEnumIsOneOfItsWordsInAnyCaseAndHelpShowsThem() {
        Setting<Boolean> keep = Setting.named("ETL_KEEP_PASSWORD_HASH").means("keep").usedFor(Use.RUN).bool(false);
        assertEquals(true, keep.read(Settings.of(Map.of("ETL_KEEP_PASSWORD_HASH", "TRUE"))));
        assertEquals(false, keep.defaultValue());
        assertEquals("true|false", keep.label());
        assertEquals("ETL_KEEP_PASSWORD_HASH must be one of false, true, got \"yes\"",
                assertThrows(InvalidSettingException.class, () -> keep.read(Settings.of(Map.of("ETL_KEEP_PASSWORD_HASH", "yes"))))
                        .getMessage());
        Setting<Colour> colour = Setting.named("ETL_COLOUR").means("colour").usedFor(Use.SERVE).oneOf(Colour.RED);
        assertEquals(Colour.DARK_GREEN, colour.read(Settings.of(Map.of("ETL_COLOUR", "Dark_Green"))));
        assertEquals("red", colour.defaultText());
        assertEquals("red|dark_green", colour.label());
        assertEquals("one of dark_green, red", colour.expected());
        assertEquals(Colour.DARK_GREEN, colour.check(Colour.DARK_GREEN));
    }

    @Test
    void aLabelNamesTheKindOfValueOrElseTheNamesLastWord() {
        assertEquals("DURATION", TIMEOUT.label());
        assertEquals("PASSWORD", PASSWORD.label());
        assertEquals("N", PipelineSettings.VALIDATION_THREADS.label());
        assertEquals("NAME", PipelineSettings.PIPELINE_NAME.label());
    }

    @Test
    void aValueMayComeFromHereOrFromInsideAnotherSettingButNotBoth() {
        Setting<Optional<String>> user = Setting.named("ETL_DB_USER").means("the role").usedFor(Use.RUN)
                .shownDefault("user= in ETL_DB_URL")
                .optionalTextOr("ETL_DB_URL", s -> s.optional("ETL_DB_URL").filter(u -> u.contains("user=")).map(u -> "in-url"));
        assertEquals(Optional.of("here"), user.read(Settings.of(Map.of("ETL_DB_USER", "here"))));
        assertEquals(Optional.of("in-url"), user.read(Settings.of(Map.of("ETL_DB_URL", "x?user=in-url"))));
        assertEquals(Optional.empty(), user.read(Settings.of(Map.of())));
        assertEquals("user= in ETL_DB_URL", user.defaultText());
        assertEquals("ETL_DB_USER must be set in ETL_DB_USER or in ETL_DB_URL, not both, got \"here\"",
                assertThrows(InvalidSettingException.class,
                        () -> user.read(Settings.of(Map.of("ETL_DB_USER", "here", "ETL_DB_URL", "x?user=in-url")))).getMessage());

        Setting<Optional<String>> password = Setting.named("ETL_DB_PASSWORD").means("the password").usedFor(Use.RUN).secret()
                .optionalTextOr("ETL_DB_URL", s -> s.optional("ETL_DB_URL").map(u -> "in-url"));
        String both = assertThrows(InvalidSettingException.class,
                () -> password.read(Settings.of(Map.of("ETL_DB_PASSWORD", "Hunter-2", "ETL_DB_URL", "x")))).getMessage();
        assertEquals("ETL_DB_PASSWORD must be set in ETL_DB_PASSWORD or in ETL_DB_URL, not both, got \"***\"", both);
    }

    @Test
    void aSecretSaysItIsNeverShownAndNamesItsFileForm() {
        assertEquals(Optional.of("ETL_DB_PASSWORD_FILE"), PASSWORD.fileName());
        assertEquals(Optional.of("--db-password-file"), PASSWORD.fileFlag());
        assertTrue(PASSWORD.meaning().startsWith("the database password; never shown"), PASSWORD.meaning());
        assertTrue(PASSWORD.meaning().contains("ETL_DB_PASSWORD_FILE"), PASSWORD.meaning());
        assertEquals(Optional.empty(), TIMEOUT.fileName());
        assertEquals(Optional.empty(), TIMEOUT.fileFlag());
    }

    @Test
    void anUnknownNameIsWarnedAboutWithTheClosestSettingAndOnlyEtlNamesAreChecked() {
        SettingCatalog catalog = SettingCatalog.of(PipelineSettings.SETTINGS, List.of(PASSWORD));
        assertEquals(List.of("ETL_COLOUR is not a setting of this program; check its spelling",
                        "ETL_RUN_TIMOUT is not a setting; did you mean ETL_RUN_TIMEOUT?"),
                catalog.unknown(List.of("ETL_RUN_TIMOUT", "ETL_RUN_TIMEOUT", "ETL_DB_PASSWORD_FILE", "PATH", "ETL_COLOUR")));
    }

    @Test
    void aProgramThatHandlesTheUnsetCaseItselfShowsItsOwnDefaultButReadsTheSameWay() {
        Setting<Duration> shown = TIMEOUT.shownAs("the scheduler's own", "how long a run may take; unset, the scheduler decides");
        assertEquals("the scheduler's own", shown.defaultText());
        assertEquals("how long a run may take; unset, the scheduler decides", shown.meaning());
        assertEquals(TIMEOUT.name(), shown.name());
        assertEquals(TIMEOUT.flag(), shown.flag());
        assertEquals(TIMEOUT.uses(), shown.uses());
        assertEquals(Duration.ofMinutes(2), shown.read(Settings.of(Map.of("ETL_RUN_TIMEOUT", "2m"))));
        assertThrows(InvalidSettingException.class, () -> shown.read(Settings.of(Map.of("ETL_RUN_TIMEOUT", "2h"))));
        assertEquals("50s", TIMEOUT.defaultText(), "the module's descriptor is unchanged");
    }
}

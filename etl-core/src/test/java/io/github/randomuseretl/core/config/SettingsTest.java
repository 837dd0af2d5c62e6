package io.github.randomuseretl.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.catchup.CatchUpSettings;
import io.github.randomuseretl.core.pipeline.PipelineSettings;
import io.github.randomuseretl.core.pipeline.QualityGate;
import io.github.randomuseretl.core.run.SourceBudget;
import io.github.randomuseretl.core.schedule.Schedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    private static String error(Runnable r) {
        return assertThrows(InvalidSettingException.class, r::run).getMessage();
    }

    private static Setting.Builder named(String name) {
        return Setting.named(name).means("a test setting").usedFor(Use.RUN);
    }

    private static <T> T read(Setting<T> setting, String text) {
        return setting.read(Settings.of(Map.of(setting.name(), text)));
    }

    @Test
    void aWrongNumberStopsWithOneLineNamingTheSettingAndTheRange() {
        Setting<Integer> users = named("ETL_USERS_PER_RUN").integer(100, 1, 100_000);
        assertEquals("ETL_USERS_PER_RUN must be a whole number from 1 to 100000, got \"lots\"", error(() -> read(users, "lots")));
        assertEquals("ETL_USERS_PER_RUN must be a whole number from 1 to 100000, got \"0\"", error(() -> read(users, "0")));
        assertEquals(100, users.read(Settings.of(Map.of())));
    }

    @Test
    void aMissingRequiredSettingSaysItIsNotSet() {
        assertEquals("ETL_DB_URL must be a JDBC URL (it is not set)",
                error(() -> Settings.of(Map.of()).required("ETL_DB_URL", "a JDBC URL")));
    }

    @Test
    void blankValuesCountAsUnsetAndFlagsOverrideTheEnvironment() {
        Settings env = Settings.of(Map.of("ETL_A", "  ", "ETL_B", "env"));
        assertEquals("fallback", named("ETL_A").text("fallback").read(env));
        Settings withFlags = env.with(Map.of("ETL_B", "flag"));
        assertEquals(Optional.of("flag"), withFlags.optional("ETL_B"));
        assertEquals(Optional.of("env"), env.optional("ETL_B"));
    }

    @Test
    void durationsTakeUnitsOrIso8601AndStayInRange() {
        Setting<Duration> d = named("ETL_D").duration(Duration.ofSeconds(1), Duration.ZERO, Duration.ofHours(1));
        assertEquals(Duration.ofSeconds(30), read(d, "30s"));
        assertEquals(Duration.ofMinutes(2), read(d, "PT2M"));
        assertEquals(Duration.ofMillis(500), read(d, "500ms"));
        assertEquals("ETL_D must be a duration from 0s to 1h such as 30s, 5m or PT1M, got \"2 weeks\"", error(() -> read(d, "2 weeks")));
        assertTrue(error(() -> read(d, "2h")).startsWith("ETL_D must be"));
    }

    @Test
    void ratiosAreFromZeroToOne() {
        Setting<Optional<Double>> r = named("ETL_R").ratio();
        assertEquals(Optional.of(0.25), read(r, "0.25"));
        assertEquals(Optional.empty(), r.read(Settings.of(Map.of())));
        assertEquals("ETL_R must be a number from 0 to 1, got \"1.5\"", error(() -> read(r, "1.5")));
        assertEquals("ETL_R must be a number from 0 to 1, got \"NaN\"", error(() -> read(r, "NaN")));
    }

    @Test
    void oneOfListsWhatIsAllowed() {
        Setting<String> f = named("ETL_F").oneOf("text", Set.of("text", "json"));
        assertEquals("json", read(f, "JSON"));
        assertEquals("ETL_F must be one of json, text, got \"xml\"", error(() -> read(f, "xml")));
    }

    @Test
    void sizesTakeBinaryUnitsAndStayInRange() {
        Setting<Long> size = named("ETL_S").bytes(64L << 20, 1024, 1L << 30);
        assertEquals(1024, read(size, "1k"));
        assertEquals(64L << 20, read(size, "64MiB"));
        assertEquals(64L << 20, read(size, "64 mb"));
        assertEquals(1L << 30, read(size, "1g"));
        assertEquals(67108864, read(size, "67108864"));
        assertEquals("ETL_S must be a size from 1KiB to 1GiB such as 64MiB, got \"12 parsecs\"", error(() -> read(size, "12 parsecs")));
        assertTrue(error(() -> read(size, "100")).startsWith("ETL_S must be"));
        assertTrue(error(() -> read(size, "99999999999999999999")).startsWith("ETL_S must be"), "too many digits");
        assertEquals("64MiB", size.defaultText());
        assertEquals("64 MiB", Settings.humanBytes(64L << 20));
        assertEquals("16 KiB", Settings.humanBytes(16 * 1024));
        assertEquals("1500 bytes", Settings.humanBytes(1500));
        assertEquals("0 bytes", Settings.humanBytes(0));
    }

    @Test
    void listsDropBlanks() {
        assertEquals(List.of("GB", "US"), read(named("ETL_N").list(List.of()), "GB, ,US,"));
    }

    @Test
    void aSecretComesFromItsFileAndNeverAppearsInAnError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, "s3cret\n");
        assertEquals(Optional.of("s3cret"), Settings.of(Map.of("ETL_DB_PASSWORD_FILE", file.toString())).secret("ETL_DB_PASSWORD"));
        String both = error(() -> Settings.of(Map.of("ETL_DB_PASSWORD", "s3cret", "ETL_DB_PASSWORD_FILE", file.toString()))
                .secret("ETL_DB_PASSWORD"));
        assertFalse(both.contains("s3cret"));
        assertTrue(both.startsWith("ETL_DB_PASSWORD must be set directly or through ETL_DB_PASSWORD_FILE, not both"));
        assertTrue(error(() -> Settings.of(Map.of("ETL_DB_PASSWORD_FILE", dir.resolve("missing").toString()))
                .secret("ETL_DB_PASSWORD")).startsWith("ETL_DB_PASSWORD_FILE must be a readable file"));
    }

    @Test
    void knownListsEverySettingAProgramAskedFor() {
        Settings s = Settings.of(Map.of());
        named("ETL_X").text("x").read(s);
        named("ETL_Y").ratio().read(s);
        assertEquals(Set.of("ETL_X", "ETL_Y"), s.known());
    }

    @Test
    void pipelineSettingsHaveDefaultsAndCheckTheirValues() {
        assertEquals(PipelineSettings.DEFAULTS, PipelineSettings.from(Settings.of(Map.of())));
        PipelineSettings p = PipelineSettings.from(Settings.of(Map.of(
                "ETL_PIPELINE_NAME", "eu-users", "ETL_RUN_TIMEOUT", "20s", "ETL_MAX_REJECT_RATIO", "0.1",
                "ETL_VALIDATION_THREADS", "3", "ETL_SOURCE_BUDGET", "600/1m")));
        assertEquals(new PipelineSettings("eu-users", Duration.ofSeconds(20), Optional.of(new QualityGate(0.1)), 3,
                new SourceBudget(600, Duration.ofMinutes(1))), p);
        assertEquals(SourceBudget.RANDOMUSER, PipelineSettings.DEFAULTS.sourceBudget());
        assertEquals(Runtime.getRuntime().availableProcessors(), PipelineSettings.DEFAULTS.validationThreads());
        assertEquals("ETL_VALIDATION_THREADS must be a whole number from 1 to 64, got \"0\"",
                error(() -> PipelineSettings.from(Settings.of(Map.of("ETL_VALIDATION_THREADS", "0")))));
        assertEquals("ETL_PIPELINE_NAME must be 1 to 63 letters, digits, '-' or '_', got \"a b\"",
                error(() -> PipelineSettings.from(Settings.of(Map.of("ETL_PIPELINE_NAME", "a b")))));
        assertEquals("ETL_SOURCE_BUDGET must be " + SourceBudget.EXPECTED + ", got \"20000 per 5m\"",
                error(() -> PipelineSettings.from(Settings.of(Map.of("ETL_SOURCE_BUDGET", "20000 per 5m")))));
    }

    @Test
    void catchUpSettingsCheckAWindowGivenInCodeAsTheSettingWouldWithTheSameOneLineError() {
        assertEquals(CatchUpSettings.DEFAULTS, CatchUpSettings.from(Settings.of(Map.of())));
        assertEquals(new CatchUpSettings(Schedule.EVERY_MINUTE, Duration.ofHours(1)), CatchUpSettings.DEFAULTS);
        String expected = "ETL_CATCH_UP must be a duration from 0s to 7d such as 30s, 5m or PT1M, got ";
        assertEquals(expected + "\"8d\"", error(() -> CatchUpSettings.from(Settings.of(Map.of("ETL_CATCH_UP", "8d")))));
        assertEquals(expected + "\"PT192H\"", error(() -> new CatchUpSettings(Schedule.EVERY_MINUTE, Duration.ofDays(8))));
        assertEquals(expected + "\"PT-1S\"", error(() -> new CatchUpSettings(Schedule.EVERY_MINUTE, Duration.ofSeconds(-1))));
        assertFalse(new CatchUpSettings(Schedule.EVERY_MINUTE, Duration.ZERO).enabled(), "0 turns catch-up off");
    }
}

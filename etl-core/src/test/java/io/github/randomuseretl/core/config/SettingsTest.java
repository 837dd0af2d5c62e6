package io.github.randomuseretl.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.pipeline.PipelineSettings;
import io.github.randomuseretl.core.pipeline.QualityGate;
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

    @Test
    void aWrongNumberStopsWithOneLineNamingTheSettingAndTheRange() {
        Settings s = Settings.of(Map.of("ETL_USERS_PER_RUN", "lots"));
        assertEquals("ETL_USERS_PER_RUN must be a whole number from 1 to 100000, got \"lots\"",
                error(() -> s.integer("ETL_USERS_PER_RUN", 100, 1, 100_000)));
        assertEquals("ETL_USERS_PER_RUN must be a whole number from 1 to 100000, got \"0\"",
                error(() -> Settings.of(Map.of("ETL_USERS_PER_RUN", "0")).integer("ETL_USERS_PER_RUN", 100, 1, 100_000)));
    }

    @Test
    void aMissingRequiredSettingSaysItIsNotSet() {
        assertEquals("ETL_DB_URL must be a JDBC URL (it is not set)",
                error(() -> Settings.of(Map.of()).required("ETL_DB_URL", "a JDBC URL")));
    }

    @Test
    void blankValuesCountAsUnsetAndFlagsOverrideTheEnvironment() {
        Settings env = Settings.of(Map.of("ETL_A", "  ", "ETL_B", "env"));
        assertEquals("fallback", env.string("ETL_A", "fallback"));
        Settings withFlags = env.with(Map.of("ETL_B", "flag"));
        assertEquals("flag", withFlags.string("ETL_B", null));
        assertEquals("env", env.string("ETL_B", null));
    }

    @Test
    void durationsTakeUnitsOrIso8601AndStayInRange() {
        Settings s = Settings.of(Map.of("A", "30s", "B", "PT2M", "C", "500ms", "D", "2 weeks", "E", "2h"));
        assertEquals(Duration.ofSeconds(30), s.duration("A", null, Duration.ZERO, Duration.ofHours(1)));
        assertEquals(Duration.ofMinutes(2), s.duration("B", null, Duration.ZERO, Duration.ofHours(1)));
        assertEquals(Duration.ofMillis(500), s.duration("C", null, Duration.ZERO, Duration.ofHours(1)));
        assertEquals("D must be a duration from 0s to 1h such as 30s, 5m or PT1M, got \"2 weeks\"",
                error(() -> s.duration("D", null, Duration.ZERO, Duration.ofHours(1))));
        assertTrue(error(() -> s.duration("E", null, Duration.ZERO, Duration.ofHours(1))).startsWith("E must be"));
    }

    @Test
    void ratiosAreFromZeroToOne() {
        assertEquals(Optional.of(0.25), Settings.of(Map.of("R", "0.25")).ratio("R"));
        assertEquals(Optional.empty(), Settings.of(Map.of()).ratio("R"));
        assertEquals("R must be a number from 0 to 1, got \"1.5\"", error(() -> Settings.of(Map.of("R", "1.5")).ratio("R")));
        assertEquals("R must be a number from 0 to 1, got \"NaN\"", error(() -> Settings.of(Map.of("R", "NaN")).ratio("R")));
    }

    @Test
    void oneOfListsWhatIsAllowed() {
        assertEquals("json", Settings.of(Map.of("F", "JSON")).oneOf("F", "text", Set.of("text", "json")));
        assertEquals("F must be one of json, text, got \"xml\"",
                error(() -> Settings.of(Map.of("F", "xml")).oneOf("F", "text", Set.of("text", "json"))));
    }

    @Test
    void sizesTakeBinaryUnitsAndStayInRange() {
        Settings s = Settings.of(Map.of("A", "1k", "B", "64MiB", "C", "64 mb", "D", "1g", "E", "67108864", "F", "12 parsecs",
                "G", "100", "H", "99999999999999999999"));
        assertEquals(1024, s.bytes("A", 0, 0, 1L << 30));
        assertEquals(64L << 20, s.bytes("B", 0, 0, 1L << 30));
        assertEquals(64L << 20, s.bytes("C", 0, 0, 1L << 30));
        assertEquals(1L << 30, s.bytes("D", 0, 0, 1L << 30));
        assertEquals(67108864, s.bytes("E", 0, 0, 1L << 30));
        assertEquals("F must be a size from 1KiB to 1GiB such as 64MiB, got \"12 parsecs\"", error(() -> s.bytes("F", 0, 1024, 1L << 30)));
        assertTrue(error(() -> s.bytes("G", 0, 1024, 1L << 30)).startsWith("G must be"));
        assertTrue(error(() -> s.bytes("H", 0, 1024, Long.MAX_VALUE)).startsWith("H must be"), "too many digits");
        assertEquals("64 MiB", Settings.humanBytes(64L << 20));
        assertEquals("16 KiB", Settings.humanBytes(16 * 1024));
        assertEquals("1500 bytes", Settings.humanBytes(1500));
        assertEquals("0 bytes", Settings.humanBytes(0));
    }

    @Test
    void listsDropBlanks() {
        assertEquals(List.of("GB", "US"), Settings.of(Map.of("N", "GB, ,US,")).list("N", List.of()));
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
        s.string("ETL_X", "x");
        s.ratio("ETL_Y");
        assertEquals(Set.of("ETL_X", "ETL_Y"), s.known());
    }

    @Test
    void pipelineSettingsHaveDefaultsAndCheckTheirValues() {
        assertEquals(PipelineSettings.DEFAULTS, PipelineSettings.from(Settings.of(Map.of())));
        PipelineSettings p = PipelineSettings.from(Settings.of(Map.of(
                "ETL_PIPELINE_NAME", "eu-users", "ETL_RUN_TIMEOUT", "20s", "ETL_MAX_REJECT_RATIO", "0.1",
                "ETL_VALIDATION_THREADS", "3")));
        assertEquals(new PipelineSettings("eu-users", Duration.ofSeconds(20), Optional.of(new QualityGate(0.1)), 3), p);
        assertEquals(Runtime.getRuntime().availableProcessors(), PipelineSettings.DEFAULTS.validationThreads());
        assertEquals("ETL_VALIDATION_THREADS must be a whole number from 1 to 64, got \"0\"",
                error(() -> PipelineSettings.from(Settings.of(Map.of("ETL_VALIDATION_THREADS", "0")))));
        assertEquals("ETL_PIPELINE_NAME must be 1 to 63 letters, digits, '-' or '_', got \"a b\"",
                error(() -> PipelineSettings.from(Settings.of(Map.of("ETL_PIPELINE_NAME", "a b")))));
    }
}

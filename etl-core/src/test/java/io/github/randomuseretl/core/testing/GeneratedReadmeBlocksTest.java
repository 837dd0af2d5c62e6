package io.github.randomuseretl.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.config.Setting;
import io.github.randomuseretl.core.config.SettingCatalog;
import io.github.randomuseretl.core.config.Use;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

class GeneratedReadmeBlocksTest {

    private static final String README = "# x\n<!-- BEGIN generated table -->\n| a |\n<!-- END generated table -->\nafter\n";

    private String update;

    @BeforeEach
    void compareMode() {
        update = System.clearProperty("readme.update");
    }

    @AfterEach
    void restore() {
        if (update != null) {
            System.setProperty("readme.update", update);
        }
    }

    @Test
    void aBlockThatMatchesTheCodePassesAndOneThatDiffersFailsNamingTheLineAndTheCommand(@TempDir Path dir) throws Exception {
        Path readme = Files.writeString(dir.resolve("README.md"), README);
        GeneratedReadme.assertBlock(readme, "table", "| a |\n");
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> GeneratedReadme.assertBlock(readme, "table", "| b |\n"));
        assertTrue(e.getMessage().contains("line 1 is\n  | a |\nbut the code says\n  | b |"), e.getMessage());
        assertTrue(e.getMessage().contains(GeneratedReadme.COMMAND), e.getMessage());
        assertThrows(AssertionFailedError.class, () -> GeneratedReadme.assertBlock(readme, "other", "| a |\n"), "no such markers");
        assertEquals(README, Files.readString(readme), "comparing never writes");
    }

    @Test
    void inUpdateModeTheBlockIsRewrittenAndTheRestIsKept(@TempDir Path dir) throws Exception {
        Path readme = Files.writeString(dir.resolve("README.md"), README);
        System.setProperty("readme.update", "true");
        GeneratedReadme.assertBlock(readme, "table", "| b |\n| c |\n");
        assertEquals("# x\n<!-- BEGIN generated table -->\n| b |\n| c |\n<!-- END generated table -->\nafter\n", Files.readString(readme));
    }

    private static final Setting<Duration> TIMEOUT = Setting.named("ETL_RUN_TIMEOUT")
            .means("how long a run may take").usedFor(Use.RUN)
            .duration(Duration.ofSeconds(50), Duration.ofSeconds(1), Duration.ofHours(1));

    private static final Setting<Optional<String>> PASSWORD = Setting.named("ETL_DB_PASSWORD")
            .means("the database password").usedFor(Use.RUN, Use.INSPECT, Use.MIGRATE).secret().optionalText();

    @Test
    void theReadmeTableHasARowPerSettingWithWhatMarkdownWouldMisreadEscaped() {
        Setting<String> schedule = Setting.named("ETL_SCHEDULE").means("ticks: every <n>s|m|h or a cron expression")
                .usedFor(Use.SERVE).text("every 1m");
        String table = GeneratedReadme.settingsTable(SettingCatalog.of(List.of(TIMEOUT, PASSWORD, schedule)));
        List<String> lines = table.lines().toList();
        assertEquals("| name | flag | default | value | meaning | used for |", lines.get(0));
        assertEquals("| `ETL_RUN_TIMEOUT` | `--run-timeout` | 50s | a duration from 1s to 1h | how long a run may take | run |",
                lines.get(2));
        assertTrue(lines.get(3).startsWith("| `ETL_DB_PASSWORD`, `ETL_DB_PASSWORD_FILE` | `--db-password`, `--db-password-file` | unset | "
                + "text | the database password; never shown"), lines.get(3));
        assertTrue(lines.get(3).endsWith(" | run, inspect, migrate |"), lines.get(3));
        assertTrue(lines.get(4).contains("every \\<n>s\\|m\\|h or a cron"), lines.get(4));
        assertEquals(5, lines.size());
        assertEquals("| `ETL_RUN_TIMEOUT` | 50s | a duration from 1s to 1h | how long a run may take |",
                GeneratedReadme.environmentTable(SettingCatalog.of(List.of(TIMEOUT))).lines().toList().get(2), "no flag for a runner without one");
    }
}

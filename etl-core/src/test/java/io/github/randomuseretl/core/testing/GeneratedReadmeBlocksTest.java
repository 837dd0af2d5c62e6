package io.github.randomuseretl.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
}

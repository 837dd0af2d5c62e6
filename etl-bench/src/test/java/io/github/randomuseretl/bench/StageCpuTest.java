package io.github.randomuseretl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The stage CPU command measures every stage on real, accepted users, so it cannot flatter silently. Figures are not asserted. */
class StageCpuTest {

    @Test
    void oneRoundJudgesEveryUserOfThePageAndPrintsEachStage() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int exit = StageCpu.main(new String[] {"--rounds", "1"}, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String output = buffer.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, output);
        assertTrue(output.matches("(?s).*round  1: validate \\(read \\+ check \\+ map\\) +[0-9.]+ \\| read +[0-9.]+ \\| check with pre-check +[0-9.]+"
                + " \\| check by networknt only +[0-9.]+ \\| map +[0-9.]+ \\| load average .*"), output);
    }
}

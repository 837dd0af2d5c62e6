package io.github.randomuseretl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The macro benchmark on a tiny input, so it cannot break silently. Figures are not asserted. */
class MacroBenchmarkIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private Map<String, String> env() {
        return Map.of("ETL_DB_URL", DB.jdbcUrl(), "ETL_DB_USER", DB.user(), "ETL_DB_PASSWORD", DB.password());
    }

    @Test
    void runsBothPassesAndTheCopyBaselineAndEndsWithTheMachineReadableLine() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int exit = MacroBenchmark.main(new String[] {"--users", "300", "--validation-threads", "2"}, env(),
                new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String output = buffer.toString(StandardCharsets.UTF_8);

        assertEquals(0, exit, output);
        assertTrue(output.contains("pass 1 (all new)     succeeded: fetched 300, inserted 300, updated 0, unchanged 0, rejected 0"), output);
        assertTrue(output.contains("pass 2 (unchanged)   succeeded: fetched 300, inserted 0, updated 0, unchanged 300, rejected 0"), output);
        assertTrue(output.contains("COPY baseline: 300 rows"), output);
        List<String> lines = output.lines().toList();
        // Scripts read the first four fields; new ones are only ever added at the end.
        assertTrue(lines.get(lines.size() - 1).matches(
                "end_to_end_users_per_s=\\d+ copy_rows_per_s=\\d+ ratio_to_copy=\\d+\\.\\d\\d peak_rss_mib=\\d+"
                        + " cpu_s_per_1000_users=\\d+\\.\\d{3} load_avg_1m=\\d+\\.\\d+"), output);
        assertTrue(output.contains("process CPU"), output);
        try (Connection c = DB.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE 'bench_%'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "the benchmark drops its schema");
        }
    }

    @Test
    void badOptionsStopWithExitCodeTwo() throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(2, MacroBenchmark.main(new String[] {"--users", "0"}, env(), quiet));
        assertEquals(2, MacroBenchmark.main(new String[] {"--fast"}, env(), quiet));
        assertEquals(2, MacroBenchmark.main(new String[] {"--validation-threads", "0"}, env(), quiet));
        assertEquals(2, MacroBenchmark.main(new String[] {}, Map.of(), quiet), "ETL_DB_URL is required");
    }
}

package io.github.randomuseretl.runner.scheduler.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.testing.FakeRandomUserApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The jar against the attacks of issue 12, each from a loopback source: poison records in a page, a
 * number that claims a billion digits, a redirect to another server, a schema named by a reserved word.
 */
class PoisonInputIT {

    @RegisterExtension
    static final MigratedEnvironment ENV = new MigratedEnvironment();

    @AfterEach
    void cleanSource() {
        ENV.api().records(null);
    }

    /** Replaces records of every page: index -> what the record becomes. */
    private static UnaryOperator<List<String>> poison(Map<Integer, UnaryOperator<String>> changes) {
        return records -> {
            changes.forEach((i, change) -> records.set(i, change.apply(records.get(i))));
            return records;
        };
    }

    private static UnaryOperator<String> field(String key, String value) {
        return r -> r.replaceFirst("\"" + key + "\":(\"[^\"]*\"|[^,}]+)", "\"" + key + "\":" + java.util.regex.Matcher.quoteReplacement(value));
    }

    @Test
    void aPageWithEachPoisonRecordLoadsEveryOtherUserAndQuarantinesThePoisonNamingItsField() throws Exception {
        ENV.api().records(poison(Map.of(
                1, field("latitude", "1e-999999999"),
                3, field("age", "1e-20000"),
                5, r -> r.replaceFirst("\"email\":(\"[^\"]*\")", "\"email\":$1,\"email\":\"second@example.com\""),
                7, field("first", "\"" + "A".repeat(70_000) + "\""),
                9, field("first", "\"Jo\\ud800hn\""),
                11, field("last", "\"" + "b".repeat(300) + "\""))));
        JarProcess run = JarProcess.run(ENV.env(), "run", "--slot", "2026-01-01T00:01Z");
        assertEquals(0, run.exitCode(), run.describe());

        String ofRun = " FROM randomuser.quarantine q JOIN randomuser.etl_runs e USING (run_id) WHERE e.slot = '2026-01-01T00:01Z'";
        String pointers = text("SELECT string_agg(r->>'pointer', ',') FROM randomuser.quarantine q JOIN randomuser.etl_runs e USING (run_id), "
                + "jsonb_array_elements(q.reasons) r WHERE e.slot = '2026-01-01T00:01Z'");
        for (String field : List.of("/location/coordinates/latitude", "/dob/age", "/email", "/name/first", "/name/last")) {
            assertTrue(pointers.contains(field), field + " in " + pointers);
        }
        assertEquals(6, count("SELECT count(*)" + ofRun));
        assertEquals("succeeded|" + (E2e.USERS_PER_RUN - 6) + "|6", text("SELECT concat_ws('|', status, inserted, rejected) "
                + "FROM randomuser.etl_runs WHERE slot = '2026-01-01T00:01Z'"), "every other user of the batch loads");
        assertEquals(0, count("SELECT count(*) FROM randomuser.users WHERE email = 'second@example.com'"));
        assertEquals(6, count("SELECT count(*)" + ofRun + " AND q.raw_sha256 = sha256(q.raw_bytes) AND length(q.raw_bytes) <= 65536"));
        assertTrue(text("SELECT encode(q.raw_bytes, 'escape')" + ofRun + " AND q.origin LIKE '% #5'")
                .contains("\"email\":\"second@example.com\""), "the record is kept with its key twice");
        assertFalse(text("SELECT string_agg(encode(q.raw_bytes, 'escape'), ' ')" + ofRun).matches("(?s).*\"password\":\"[^\\[].*"),
                "no password is stored");

        // Replay re-validates the exact text: the record with its e-mail twice stays rejected, nothing loads.
        long users = count("SELECT count(*) FROM randomuser.users");
        JarProcess replay = JarProcess.run(ENV.env(), "quarantine", "replay");
        assertEquals(0, replay.exitCode(), replay.describe());
        assertEquals(users, count("SELECT count(*) FROM randomuser.users"));
        assertEquals(0, count("SELECT count(*) FROM randomuser.quarantine WHERE replayed_at IS NOT NULL"));
    }

    @Test
    void aRunWithPoisonNumbersAndAHugeRecordStaysWithinAFewHundredMiB() throws Exception {
        // Baseline: the same run without poison, measured the same way.
        long clean = peakRss(ENV.env(), "2026-01-01T00:10Z");
        ENV.api().records(poison(Map.of(
                0, field("latitude", "1e-999999999"),
                2, field("postcode", "1e999999999"),
                4, field("number", "-7E+99999999999999999999"),
                6, field("first", "\"" + "x".repeat(50 << 20) + "\""))));
        long poisoned = peakRss(ENV.env(), "2026-01-01T00:11Z");
        System.out.printf("PoisonInputIT: peak RSS of `run` (java -Xmx192m): clean page %d MiB, page with 1e-999999999, 1e999999999, "
                + "-7E+99999999999999999999 and a 50 MiB first name %d MiB%n", clean >> 20, poisoned >> 20);
        assertTrue(poisoned < 400L << 20, "peak RSS " + (poisoned >> 20) + " MiB");
        assertEquals("succeeded|4", text("SELECT concat_ws('|', status, rejected) FROM randomuser.etl_runs WHERE slot = '2026-01-01T00:11Z'"));
    }

    @Test
    void aRedirectToAnotherServerIsRefusedAndNothingOfItLoads() throws Exception {
        try (FakeRandomUserApi elsewhere = FakeRandomUserApi.start()) {
            ENV.api().then(FakeRandomUserApi.redirect(302, elsewhere.baseUrl() + "/api/1.4/?results=20&seed=x&page=1"));
            JarProcess run = JarProcess.run(ENV.env(), "run", "--slot", "2026-01-01T00:20Z");
            assertEquals(1, run.exitCode(), run.describe());
            assertTrue(run.err().contains("HTTP 302 redirect to " + elsewhere.baseUrl()) && run.err().contains("refused"), run.describe());
            assertEquals(0, elsewhere.requests(), "the other server is never asked");
            assertEquals(0, count("SELECT count(*) FROM randomuser.users u JOIN randomuser.etl_runs r ON r.run_id = u.last_run_id "
                    + "WHERE r.slot = '2026-01-01T00:20Z'"));
        }
    }

    @Test
    void aSchemaNamedByAReservedWordIsMigratedRunListedAndPruned() throws Exception {
        Map<String, String> env = ENV.env();
        env.put("ETL_DB_SCHEMA", "order");
        JarProcess migrate = JarProcess.run(env, "migrate");
        assertEquals(0, migrate.exitCode(), migrate.describe());
        JarProcess run = JarProcess.run(env, "run", "--slot", "2026-01-01T00:30Z");
        assertEquals(0, run.exitCode(), run.describe());
        assertEquals(E2e.USERS_PER_RUN, count("SELECT count(*) FROM \"order\".users"));
        JarProcess runs = JarProcess.run(env, "runs");
        assertEquals(0, runs.exitCode(), runs.describe());
        assertTrue(runs.out().contains("2026-01-01T00:30Z"), runs.describe());
        JarProcess prune = JarProcess.run(env, "prune");
        assertEquals(0, prune.exitCode(), prune.describe());
    }

    /** Runs one slot and samples the process's resident memory until it ends; @return the peak seen, in bytes. */
    private static long peakRss(Map<String, String> env, String slot) throws Exception {
        JarProcess p = JarProcess.start(env, "run", "--slot", slot);
        AtomicLong peak = new AtomicLong();
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        while (p.alive()) {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmHWM:") || line.startsWith("VmRSS:")) {
                        long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                        peak.accumulateAndGet(kib << 10, Math::max);
                    }
                }
            } catch (IOException gone) {
                break;
            }
            Thread.sleep(10);
        }
        assertEquals(0, p.awaitExit(Duration.ofSeconds(90)), p.describe());
        return peak.get();
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = ENV.db().connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(String sql) throws SQLException {
        try (Connection c = ENV.db().connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}

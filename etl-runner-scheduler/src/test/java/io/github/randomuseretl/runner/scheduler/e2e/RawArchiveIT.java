package io.github.randomuseretl.runner.scheduler.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.testing.FakeRandomUserApi;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The raw landing zone through the shaded jar: runs store every page in a file archive before they load,
 * a fresh database (schema) is rebuilt from the archive alone with the API down, with the same users and
 * row hashes, a forced rebuild duplicates nothing, and an archive that cannot be written loads nothing.
 * The methods build on each other's data.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RawArchiveIT {

    @RegisterExtension
    static final MigratedEnvironment ENV = new MigratedEnvironment();

    @TempDir
    static Path dir;

    private static Map<String, String> env;
    private static Path lake;

    @BeforeAll
    static void start() {
        lake = dir.resolve("lake");
        env = JarProcess.env(ENV.env());
        env.put("ETL_ARCHIVE_URL", lake.toUri().toString());
    }

    private static Map<String, String> rebuilt() {
        Map<String, String> e = JarProcess.env(env);
        e.put("ETL_DB_SCHEMA", "rebuilt");
        return e;
    }

    private static Map<String, String> usersAndHashes(String schema) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = ENV.db().connect(); PreparedStatement st = c.prepareStatement(
                "SELECT uuid::text, encode(row_hash, 'hex') FROM " + schema + ".users"); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private static long count(String sql) throws Exception {
        try (Connection c = ENV.db().connect(); PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(String sql) throws Exception {
        try (Connection c = ENV.db().connect(); PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static byte[] gunzip(byte[] gz) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    @Test
    @Order(1)
    void aBackfillStoresEveryPageOnceAsServedAndTheLedgerListsEachObject() throws Exception {
        int before = ENV.api().requestLog().size();
        JarProcess b = JarProcess.run(env, "backfill", "--from", "2026-01-01T00:00Z", "--to", "2026-01-01T00:02Z");
        assertEquals(0, b.exitCode(), b.describe());

        List<FakeRandomUserApi.Request> served = ENV.api().requestLog().subList(before, ENV.api().requestLog().size());
        assertEquals(3, served.size());
        for (int minute = 0; minute < 3; minute++) {
            Path folder = lake.resolve("randomuser/api=1.4/date=2026-01-01/slot=000" + minute + "/attempt=1");
            try (var files = Files.list(folder)) {
                assertEquals(List.of("manifest.tsv.gz", "page-1.json.gz"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                        "one page per attempt, and its manifest");
            }
            byte[] stored = Files.readAllBytes(folder.resolve("page-1.json.gz"));
            assertArrayEquals(ENV.api().defaultBody(served.get(minute)), gunzip(stored), "the page as served");
            String listed = text("SELECT archived::text FROM randomuser.etl_runs WHERE slot = '2026-01-01T00:0" + minute + ":00Z'");
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored));
            assertTrue(listed.contains("\"key\": \"randomuser/api=1.4/date=2026-01-01/slot=000" + minute + "/attempt=1/page-1.json.gz\""), listed);
            assertTrue(listed.contains("\"sha256\": \"" + sha + "\""), listed);
            assertTrue(listed.contains("\"bytes\": " + stored.length), listed);
        }
    }

    @Test
    @Order(2)
    void aFreshDatabaseIsRebuiltFromTheArchiveAloneWithTheSourceDown() throws Exception {
        assertEquals(0, JarProcess.run(rebuilt(), "migrate").exitCode());
        int requests = ENV.api().requests();
        ENV.api().setDown(true);
        JarProcess r;
        try {
            r = JarProcess.run(rebuilt(), "rebuild", "--from", "2026-01-01T00:00Z", "--to", "2026-01-01T00:03Z");
        } finally {
            ENV.api().setDown(false);
        }

        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.out().contains("rebuild 4/4 slot=2026-01-01T00:03Z status=skipped reason=\"not archived\""), r.describe());
        assertTrue(r.out().contains("3 loaded now, 0 already loaded, 1 not archived, 0 failed"), r.describe());
        assertEquals(requests, ENV.api().requests(), "the API was not asked");
        Map<String, String> original = usersAndHashes("randomuser");
        assertEquals(3L * E2e.USERS_PER_RUN, original.size());
        assertEquals(original, usersAndHashes("rebuilt"), "the same users with the same row hashes");
        assertEquals(3, count("SELECT count(*) FROM rebuilt.etl_runs WHERE trigger = 'rebuild' AND status = 'succeeded'"));
    }

    @Test
    @Order(3)
    void aRebuildLeavesLoadedSlotsAloneAndForceReloadsThemWithoutDuplicating() throws Exception {
        JarProcess again = JarProcess.run(rebuilt(), "rebuild", "--from", "2026-01-01T00:00Z", "--to", "2026-01-01T00:02Z");
        assertEquals(0, again.exitCode(), again.describe());
        assertTrue(again.out().contains("0 loaded now, 3 already loaded"), again.describe());

        JarProcess forced = JarProcess.run(rebuilt(), "rebuild", "--force", "--from", "2026-01-01T00:00Z", "--to", "2026-01-01T00:02Z");
        assertEquals(0, forced.exitCode(), forced.describe());
        assertTrue(forced.out().contains("3 loaded now, 0 already loaded"), forced.describe());
        assertTrue(forced.out().contains("0 users inserted, 0 updated"), forced.describe());
        assertEquals(3, count("SELECT count(*) FROM rebuilt.etl_runs WHERE reload"));
        assertEquals(3L * E2e.USERS_PER_RUN, count("SELECT count(*) FROM rebuilt.users"));
        assertEquals(3L * E2e.USERS_PER_RUN, count("SELECT count(*) FROM rebuilt.users_history"), "no new version of an unchanged user");
    }

    @Test
    @Order(4)
    void anArchiveThatCannotBeWrittenFailsTheRunAndLoadsNothing() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("a-file"), "x");
        Map<String, String> broken = JarProcess.env(env);
        broken.put("ETL_ARCHIVE_URL", notADirectory.toUri().toString());
        long users = count("SELECT count(*) FROM randomuser.users");

        JarProcess run = JarProcess.run(broken, "run", "--slot", "2026-01-01T00:09Z");

        assertEquals(1, run.exitCode(), run.describe());
        assertTrue(run.out().contains("archive: could not store randomuser/api=1.4/date=2026-01-01/slot=0009/attempt=1/page-1.json.gz"),
                run.describe());
        assertEquals(users, count("SELECT count(*) FROM randomuser.users"), "no user without its raw page");
        assertEquals("failed", text("SELECT status FROM randomuser.etl_runs WHERE slot = '2026-01-01T00:09:00Z'"));
    }

    @Test
    @Order(5)
    void aWrongArchiveUrlStopsTheProgramWithOneLineNamingTheSetting() {
        Map<String, String> wrong = JarProcess.env(env);
        wrong.put("ETL_ARCHIVE_URL", "lake/relative");

        JarProcess run = JarProcess.run(wrong, "run", "--slot", "2026-01-01T00:10Z");

        assertEquals(2, run.exitCode(), run.describe());
        assertTrue(run.err().strip().lines().count() == 1 && run.err().contains("ETL_ARCHIVE_URL"), run.describe());
        assertFalse(run.err().contains("Exception"), run.describe());
    }

    @Test
    @Order(6)
    void unknownFieldsAreRecordedWithTheRunAndShownByRunsOrQuarantinedUnderReject() throws Exception {
        ENV.api().records(records -> records.stream().map(r -> r.replaceFirst("\"location\"\\s*:\\s*\\{", "\"location\":{\"plus_code\":\"9F4MGCH7+2Q\","))
                .collect(java.util.stream.Collectors.toList()));
        try {
            JarProcess recorded = JarProcess.run(env, "run", "--slot", "2026-01-01T00:11Z");
            assertEquals(0, recorded.exitCode(), recorded.describe());
            assertTrue(recorded.out().contains("inserted " + E2e.USERS_PER_RUN), recorded.describe());
            assertEquals("{\"/location/plus_code\": " + E2e.USERS_PER_RUN + "}",
                    text("SELECT unknown_fields::text FROM randomuser.etl_runs WHERE slot = '2026-01-01T00:11:00Z'"));
            JarProcess runs = JarProcess.run(env, "runs", "-n", "1");
            assertTrue(runs.out().contains("DRIFT") && runs.out().contains("+/location/plus_code=" + E2e.USERS_PER_RUN), runs.describe());

            Map<String, String> strict = JarProcess.env(env);
            strict.put("ETL_UNKNOWN_FIELDS", "reject");
            JarProcess rejected = JarProcess.run(strict, "run", "--slot", "2026-01-01T00:12Z");
            assertEquals(0, rejected.exitCode(), rejected.describe());
            assertEquals(E2e.USERS_PER_RUN, count("SELECT rejected FROM randomuser.etl_runs WHERE slot = '2026-01-01T00:12:00Z'"));
            assertEquals(E2e.USERS_PER_RUN, count("SELECT count(*) FROM randomuser.quarantine q JOIN randomuser.etl_runs r USING (run_id) "
                    + "WHERE r.slot = '2026-01-01T00:12:00Z' AND q.reasons::text LIKE '%unknown field%'"));
        } finally {
            ENV.api().records(null);
        }
    }

    @Test
    @Order(7)
    void pruneWithArchiveDeletesTheFileArchivesDaysOlderThanTheRetention() throws Exception {
        Path day = lake.resolve("randomuser/api=1.4/date=2026-01-01");
        long objects;
        try (var files = Files.walk(day)) {
            objects = files.filter(Files::isRegularFile).count();
        }

        JarProcess prune = JarProcess.run(env, "prune", "--archive");

        assertEquals(0, prune.exitCode(), prune.describe());
        assertTrue(prune.out().contains("pruned " + objects + " archived object(s) of days before"), prune.describe());
        assertFalse(Files.exists(day), "the day's partition is gone");
    }
}

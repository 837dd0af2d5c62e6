package io.github.randomuseretl.runner.scheduler.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.testing.FakeRandomUserApi;
import io.github.randomuseretl.core.testing.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator's one-shot commands against a real PostgreSQL and the fake API, through the shaded jar:
 * migrate, run, runs, backfill, quarantine list and replay, prune. The methods build on each other's data.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OneShotCommandsIT {

    @RegisterExtension
    static final MigratedEnvironment ENV = MigratedEnvironment.notYetMigrated();

    private static Ledger ledger;
    private static Map<String, String> env;

    /** A slot in the past that no other method uses. */
    private static final String SLOT = "2026-01-01T00:00Z";

    @BeforeAll
    static void start() {
        ledger = new Ledger(ENV.db());
        env = ENV.env();
    }

    private static Set<String> uuidsServedFor(String query) throws Exception {
        // The same request gives the same users: ask the fake API what it served.
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(ENV.api().baseUrl() + "/api/1.4/?" + query)).build(), HttpResponse.BodyHandlers.ofString());
        Set<String> uuids = new HashSet<>();
        Matcher m = Pattern.compile("\"uuid\":\"([0-9a-f-]{36})\"").matcher(r.body());
        while (m.find()) {
            uuids.add(m.group(1));
        }
        return uuids;
    }

    private static Set<String> uuidsInDatabase() throws Exception {
        Set<String> out = new HashSet<>();
        try (Connection c = ENV.db().connect(); PreparedStatement st = c.prepareStatement("SELECT uuid FROM randomuser.users");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    @Order(1)
    void migrateCreatesTheSchemaAndIsSafeToRepeat() {
        JarProcess first = JarProcess.run(env, "migrate");
        assertEquals(0, first.exitCode(), first.describe());
        assertTrue(first.out().matches("(?s)schema randomuser is at version \\d+ \\([1-9]\\d* migrations? applied\\)\\s*"), first.describe());

        JarProcess again = JarProcess.run(env, "migrate");
        assertEquals(0, again.exitCode(), again.describe());
        assertTrue(again.out().contains("(0 migrations applied)"), again.describe());
        assertEquals(0, ledger.count("SELECT count(*) FROM randomuser.users"));
    }

    @Test
    @Order(2)
    void runLoadsTheSlotsUsersOnceAndARepeatFindsItDone() throws Exception {
        int before = ENV.api().requests();
        JarProcess run = JarProcess.run(env, "run", "--slot", SLOT);
        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.out().startsWith("slot " + SLOT + " succeeded: run "), run.describe());
        assertTrue(run.out().contains("fetched " + E2e.USERS_PER_RUN + ", inserted " + E2e.USERS_PER_RUN), run.describe());
        assertEquals(1, run.logLines("INFO .* run - run succeeded slot=" + SLOT + " status=succeeded trigger=manual"), run.describe());

        assertEquals(before + 1, ENV.api().requests());
        Set<String> served = uuidsServedFor(ENV.api().lastQuery());
        assertEquals(E2e.USERS_PER_RUN, served.size());
        assertEquals(served, uuidsInDatabase(), "exactly the users the API served for the slot");

        List<Ledger.Run> runs = ledger.runs(Instant.parse("2026-01-01T00:00:00Z"));
        assertEquals(1, runs.size(), ledger.toString());
        assertEquals("succeeded", runs.get(0).status());
        assertEquals("manual", runs.get(0).trigger());
        assertEquals(E2e.USERS_PER_RUN, runs.get(0).inserted());

        int fetches = ENV.api().requests();
        JarProcess again = JarProcess.run(env, "run", "--slot", SLOT);
        assertEquals(0, again.exitCode(), again.describe());
        assertTrue(again.out().contains("was already loaded by run " + runs.get(0).runId()), again.describe());
        assertEquals(fetches, ENV.api().requests(), "a loaded slot is not fetched again");
        assertEquals(1, ledger.runs(Instant.parse("2026-01-01T00:00:00Z")).size());
        assertEquals(E2e.USERS_PER_RUN, ledger.users());
    }

    @Test
    @Order(3)
    void aFailedRunExitsOneAndIsRecordedThenTheSameSlotSucceeds() {
        String slot = "2026-01-01T00:05Z";
        Map<String, String> quick = JarProcess.env(env);
        quick.put("ETL_SOURCE_MAX_RETRIES", "0");
        ENV.api().setDown(true);
        JarProcess failed;
        try {
            failed = JarProcess.run(quick, "run", "--slot", slot);
        } finally {
            ENV.api().setDown(false);
        }
        assertEquals(1, failed.exitCode(), failed.describe());
        assertTrue(failed.out().startsWith("slot " + slot + " failed: "), failed.describe());
        assertTrue(failed.out().contains("503"), failed.describe());

        JarProcess ok = JarProcess.run(quick, "run", "--slot", slot);
        assertEquals(0, ok.exitCode(), ok.describe());
        List<Ledger.Run> runs = ledger.runs(Instant.parse("2026-01-01T00:05:00Z"));
        assertEquals(List.of("failed", "succeeded"), runs.stream().map(Ledger.Run::status).toList(), ledger.toString());
        assertEquals(List.of(1, 2), runs.stream().map(Ledger.Run::attempt).toList());
        assertEquals(2L * E2e.USERS_PER_RUN, ledger.users());
    }

    @Test
    @Order(4)
    void backfillRunsEachSlotOfARangeOnceWithALinePerSlot() {
        // 00:00 is loaded already (order 2); 00:01 to 00:03 are new.
        JarProcess b = JarProcess.run(env, "backfill", "--from", "2026-01-01T00:00Z", "--to", "2026-01-01T00:03Z");
        assertEquals(0, b.exitCode(), b.describe());
        String out = b.out();
        assertTrue(out.contains("backfill 1/4 slot=2026-01-01T00:00Z status=already_succeeded"), out);
        assertTrue(out.contains("backfill 2/4 slot=2026-01-01T00:01Z status=succeeded inserted=" + E2e.USERS_PER_RUN), out);
        assertTrue(out.contains("backfill 4/4 slot=2026-01-01T00:03Z status=succeeded"), out);
        assertTrue(out.contains("backfill done: 4 slot(s) from 2026-01-01T00:00Z to 2026-01-01T00:03Z; 3 loaded now, 1 already loaded, 0 failed"),
                out);
        for (String s : List.of("2026-01-01T00:01:00Z", "2026-01-01T00:02:00Z", "2026-01-01T00:03:00Z")) {
            List<Ledger.Run> runs = ledger.runs(Instant.parse(s));
            assertEquals(1, runs.size(), ledger.toString());
            assertEquals("backfill", runs.get(0).trigger());
        }
        assertEquals(5L * E2e.USERS_PER_RUN, ledger.distinctUsers(), "each slot's seed gives its own users");
        assertEquals(ledger.users(), ledger.currentHistoryRows());

        JarProcess future = JarProcess.run(env, "backfill", "--from", SLOT, "--pages",
                Long.toString(ChronoUnit.MINUTES.between(Instant.parse("2026-01-01T00:00:00Z"), Instant.now()) + 5));
        assertEquals(2, future.exitCode(), future.describe());
        assertTrue(future.err().contains("after the current minute"), future.describe());
    }

    @Test
    @Order(5)
    void runsPrintsTheLedgerNewestFirst() {
        JarProcess runs = JarProcess.run(env, "runs", "--limit", "3");
        assertEquals(0, runs.exitCode(), runs.describe());
        String[] lines = runs.out().split("\n");
        assertEquals(4, lines.length, runs.describe());
        assertTrue(lines[0].startsWith("STARTED"), lines[0]);
        assertTrue(lines[1].contains("2026-01-01T00:03Z") && lines[1].contains("backfill") && lines[1].contains("succeeded"), runs.out());
    }

    @Test
    @Order(6)
    void quarantineReplayLoadsARecordTodaysContractAcceptsExactlyOnce() throws Exception {
        // A record an older contract rejected: real, with credentials redacted as the quarantine keeps them.
        String record = FakeRandomUserApi.splitResults(new String(Fixtures.randomUserBytes("v1.4/seed-single-results-1.json"),
                StandardCharsets.UTF_8)).get(0);
        Matcher uuidField = Pattern.compile("\"uuid\":\"([0-9a-f-]{36})\"").matcher(record);
        assertTrue(uuidField.find(), record);
        String uuid = uuidField.group(1);
        String redacted = record.replaceAll("\"(password|salt|md5|sha1|sha256)\":\"[^\"]*\"", "\"$1\":\"[redacted]\"");
        String runId = ledger.runs().get(0).runId();
        try (Connection c = ENV.db().connect(); PreparedStatement st = c.prepareStatement(
                "INSERT INTO randomuser.quarantine (run_id, quarantined_at, origin, raw_format, raw_bytes, raw_sha256, raw, reasons) "
                        + "VALUES (CAST(? AS uuid), now(), 'test page 1 #0', 'received', convert_to(?, 'UTF8'), sha256(convert_to(?, 'UTF8')), "
                        + "CAST(? AS jsonb), CAST(? AS jsonb))")) {
            st.setString(1, runId);
            st.setString(2, redacted);
            st.setString(3, redacted);
            st.setString(4, redacted);
            st.setString(5, "[{\"pointer\":\"/nat\",\"message\":\"not a nationality of contract 1 (older contract)\"}]");
            st.executeUpdate();
        }

        JarProcess list = JarProcess.run(env, "quarantine", "list");
        assertEquals(0, list.exitCode(), list.describe());
        assertTrue(list.out().contains("/nat: not a nationality of contract 1 (older contract)"), list.describe());
        assertFalse(list.out().contains("@"), "never prints the record (e-mail addresses)");

        JarProcess replay = JarProcess.run(env, "quarantine", "replay");
        assertEquals(0, replay.exitCode(), replay.describe());
        assertTrue(replay.out().startsWith("replayed 1 quarantined record(s): 1 now pass and were loaded (inserted 1, updated 0, unchanged 0), 0 still rejected"),
                replay.describe());
        assertEquals(1, ledger.count("SELECT count(*) FROM randomuser.users WHERE uuid = '" + uuid + "'"));
        assertEquals(1, ledger.count("SELECT count(*) FROM randomuser.quarantine WHERE replayed_by_run IS NOT NULL"));
        assertEquals(1, ledger.count("SELECT count(*) FROM randomuser.etl_runs WHERE trigger = 'replay' AND status = 'succeeded'"));

        JarProcess listed = JarProcess.run(env, "quarantine", "list");
        assertTrue(listed.out().contains(new Ledger(ENV.db(), "randomuser-replay").runs().get(0).runId()),
                "the list shows which replay loaded it\n" + listed.describe());
    }

    @Test
    @Order(7)
    void pruneKeepsRecentRunsAndUsers() {
        long runs = ledger.count("SELECT count(*) FROM randomuser.etl_runs");
        JarProcess p = JarProcess.run(env, "prune");
        assertEquals(0, p.exitCode(), p.describe());
        assertTrue(p.out().startsWith("pruned 0 run(s) and 0 quarantined record(s) older than 30 days"), p.describe());
        assertEquals(runs, ledger.count("SELECT count(*) FROM randomuser.etl_runs"));

        try (Connection c = ENV.db().connect(); PreparedStatement st = c.prepareStatement(
                "UPDATE randomuser.etl_runs SET started_at = started_at - interval '40 days', deadline = deadline - interval '40 days', "
                        + "finished_at = finished_at - interval '40 days' WHERE slot = '2026-01-01T00:01:00Z'")) {
            assertEquals(1, st.executeUpdate());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        long users = ledger.count("SELECT count(*) FROM randomuser.users");
        JarProcess old = JarProcess.run(env, "prune", "--retention-days", "30");
        assertEquals(0, old.exitCode(), old.describe());
        assertTrue(old.out().startsWith("pruned 1 run(s)"), old.describe());
        assertEquals(runs - 1, ledger.count("SELECT count(*) FROM randomuser.etl_runs"));
        assertEquals(users, ledger.count("SELECT count(*) FROM randomuser.users"), "users are kept");
    }
}

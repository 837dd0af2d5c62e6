package io.github.randomuseretl.runner.scheduler.e2e;

import static io.github.randomuseretl.runner.scheduler.e2e.JarProcess.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three {@code serve} replicas on one database; replicas are SIGKILLed while they load (each time the one
 * whose session holds a running run's lease) and started again; then a quiet period. No gap and no
 * {@code running} row is left, and no slot succeeded twice.
 */
class ReplicaKillsIT {

    @RegisterExtension
    static final MigratedEnvironment ENV = new MigratedEnvironment();

    private static final int REPLICAS = 3;
    private static final int KILLS = 3;

    @AfterEach
    void undelay() {
        ENV.api().delay(Duration.ZERO);
    }

    private static Map<String, String> env(int replica) {
        Map<String, String> env = ENV.env();
        env.put("ETL_SCHEDULE", "every 2s");
        env.put("ETL_SOURCE_MAX_RETRIES", "0");
        env.put("ETL_RUN_TIMEOUT", "20s");
        env.put("ETL_DB_POOL_SIZE", "3");
        E2e.applicationName(env, "replica-" + replica);
        return env;
    }

    /** @return the replica whose session holds the lease of a running run, or -1 */
    private static int holderOfARunningRun() {
        String sql = "SELECT a.application_name FROM randomuser.etl_runs r "
                + "JOIN pg_locks l ON l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 "
                + " AND l.objid::bigint = (hashtext(r.run_id::text)::bigint + 4294967296) % 4294967296 "
                + "JOIN pg_stat_activity a ON a.pid = l.pid "
                + "WHERE r.status = 'running' AND a.application_name LIKE 'replica-%' LIMIT 1";
        try (Connection c = ENV.db().connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? Integer.parseInt(rs.getString(1).substring("replica-".length())) : -1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void replicasKilledWhileTheyLoadLeaveNoGapAndNoRunningRowAndNoSlotLoadedTwice() throws Exception {
        Ledger ledger = new Ledger(ENV.db());
        Instant first = E2e.minutesAgo(3);
        JarProcess seed = JarProcess.run(env(9), "run", "--slot", E2e.slot(first));
        assertEquals(0, seed.exitCode(), "the pipeline's history starts three minutes ago: " + seed.describe());
        ENV.api().delay(Duration.ofMillis(1200)); // every load takes a while: something to kill

        List<JarProcess> replicas = new ArrayList<>();
        List<JarProcess> all = new ArrayList<>();
        List<Instant> kills = new ArrayList<>();
        try {
            for (int i = 0; i < REPLICAS; i++) {
                JarProcess p = JarProcess.start(env(i), "serve");
                replicas.add(p);
                all.add(p);
            }
            for (int kill = 0; kill < KILLS; kill++) {
                int[] victim = {-1};
                await("a replica loading a slot", Duration.ofSeconds(60), () -> (victim[0] = holderOfARunningRun()) >= 0,
                        () -> ledger.toString());
                Instant killedAt = Instant.now();
                replicas.get(victim[0]).kill9();
                kills.add(killedAt);
                System.out.println("replica-" + victim[0] + " SIGKILLed during a load at " + killedAt);
                Thread.sleep(1000);
                JarProcess restarted = JarProcess.start(env(victim[0]), "serve");
                replicas.set(victim[0], restarted);
                all.add(restarted);
            }

            ENV.api().delay(Duration.ZERO);
            await("a quiet ledger: no gap since the first slot and nothing running", Duration.ofSeconds(90),
                    () -> ledger.gaps(first, E2e.minutesAgo(1)).isEmpty() && ledger.succeededPerSlot().containsKey(E2e.minutesAgo(0))
                            && ledger.running() == 0,
                    () -> ledger.toString());
            // A replica restarted a moment ago may still be starting its JVM, and a SIGTERM before serve has set up
            // its graceful stop ends it with 143, which says nothing about stopping gracefully. serve logs its
            // start-up line once that is in place.
            for (JarProcess r : replicas) {
                await("every replica started", Duration.ofSeconds(60), () -> r.logLines("serve: pipeline ") >= 1, r::describe);
            }
            for (JarProcess r : replicas) {
                r.sigterm();
            }
            for (JarProcess r : replicas) {
                assertEquals(0, r.awaitExit(Duration.ofSeconds(30)), r.describe());
            }
        } finally {
            all.forEach(JarProcess::close);
        }

        assertEquals(0, ledger.running(), "no running row is left\n" + ledger);
        Instant last = ledger.succeededPerSlot().keySet().stream().max(Instant::compareTo).orElseThrow();
        assertEquals(List.of(), ledger.gaps(first, last), "no gap is left\n" + ledger);
        ledger.succeededPerSlot().forEach((slot, n) -> assertEquals(1, n, "slot " + slot + " loaded once\n" + ledger));
        long abandoned = ledger.runs().stream().filter(r -> r.status().equals("abandoned")).count();
        assertTrue(abandoned >= 1, "a kill hit a load, and its run was found abandoned\n" + ledger);
        for (Ledger.Run r : ledger.runs()) {
            if (r.status().equals("abandoned")) {
                Instant kill = kills.stream().filter(k -> k.isBefore(r.finishedAt())).max(Instant::compareTo).orElseThrow();
                Duration found = Duration.between(kill, r.finishedAt());
                System.out.println("abandoned run of " + r.slot() + " found dead and its slot taken over " + found.toMillis()
                        + " ms after the SIGKILL");
                assertTrue(found.compareTo(Duration.ofSeconds(20)) < 0, "taken over within 20 s: " + found.toMillis() + " ms");
            }
        }
        assertEquals(E2e.USERS_PER_RUN * (long) ledger.succeededPerSlot().size(), ledger.users(), ledger.toString());
        assertEquals(ledger.users(), ledger.distinctUsers());
        assertEquals(ledger.users(), ledger.currentHistoryRows(), "one version per user");
    }
}

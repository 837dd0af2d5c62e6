package io.github.randomuseretl.runner.scheduler.e2e;

import static io.github.randomuseretl.runner.scheduler.e2e.JarProcess.await;
import static io.github.randomuseretl.runner.scheduler.e2e.JarProcess.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three {@code serve} processes on one database, ticking together every few seconds across at least two
 * minutes' slots: every slot is loaded by exactly one run, its users once, and every replica ticked.
 */
class ReplicasIT {

    @RegisterExtension
    static final MigratedEnvironment ENV = new MigratedEnvironment();

    private static double ticks(int port) {
        String m = E2e.metrics(port);
        double n = 0;
        for (String status : new String[] {"succeeded", "failed", "busy", "already_succeeded"}) {
            n += metric(m, "etl_runs_total{status=\"" + status + "\"}");
        }
        return n;
    }

    @Test
    void threeReplicasLoadEachSlotExactlyOnce() {
        Ledger ledger = new Ledger(ENV.db());
        List<JarProcess> replicas = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                int port = JarProcess.freePort();
                ports.add(port);
                Map<String, String> env = ENV.env();
                env.put("ETL_SCHEDULE", "every 3s");
                env.put("ETL_HTTP_PORT", Integer.toString(port));
                replicas.add(JarProcess.start(env, "serve"));
            }
            await("two slots loaded and every replica ticking", Duration.ofSeconds(100),
                    () -> ledger.succeededPerSlot().size() >= 2 && ports.stream().allMatch(p -> ticks(p) >= 3),
                    () -> ledger + replicas.stream().map(JarProcess::describe).reduce("", String::concat));
            for (JarProcess r : replicas) {
                r.sigterm();
            }
            for (JarProcess r : replicas) {
                assertEquals(0, r.awaitExit(Duration.ofSeconds(30)), r.describe());
            }

            ledger.succeededPerSlot().forEach((slot, n) -> assertEquals(1, n, "slot " + slot + "\n" + ledger));
            assertTrue(ledger.runs().stream().noneMatch(r -> r.status().equals("running")), ledger.toString());
            int slots = ledger.succeededPerSlot().size();
            assertEquals(E2e.USERS_PER_RUN * (long) slots, ledger.users(), ledger.toString());
            assertEquals(ledger.users(), ledger.distinctUsers());
            assertEquals(ledger.users(), ledger.currentHistoryRows(), "one version per user");
            assertEquals(slots, ENV.api().requests(), "the source was asked once per slot, by whichever replica claimed it");
            int loadedBy = 0;
            for (JarProcess r : replicas) {
                // Every replica ticked; the ones that found their slot taken said so rather than load it again.
                assertTrue(r.logLines("run succeeded|slot already loaded|run skipped") >= 3, r.describe());
                loadedBy += r.logLines("run succeeded") > 0 ? 1 : 0;
            }
            assertTrue(loadedBy >= 1);
        } finally {
            replicas.forEach(JarProcess::close);
        }
    }
}

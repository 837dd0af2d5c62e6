package io.github.randomuseretl.runner.scheduler.e2e;

import static io.github.randomuseretl.runner.scheduler.e2e.JarProcess.await;
import static io.github.randomuseretl.runner.scheduler.e2e.JarProcess.get;
import static io.github.randomuseretl.runner.scheduler.e2e.JarProcess.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.testing.FakeRandomUserApi;
import io.github.randomuseretl.core.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three {@code serve} processes on one database, ticking together every few seconds across at least two
 * minutes' slots: every slot is loaded by exactly one run, its users once, and every replica ticked.
 */
class ReplicasIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static FakeRandomUserApi api;

    @BeforeAll
    static void start() {
        api = FakeRandomUserApi.start();
        JarProcess m = JarProcess.run(E2e.env(DB, api), "migrate");
        assertEquals(0, m.exitCode(), m.describe());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static double ticks(int port) {
        HttpResponse<String> r = get(port, "/metrics");
        if (r == null) {
            return 0;
        }
        double n = 0;
        for (String status : new String[] {"succeeded", "failed", "skipped", "already_succeeded"}) {
            n += metric(r.body(), "etl_runs_total{status=\"" + status + "\"}");
        }
        return n;
    }

    @Test
    void threeReplicasLoadEachSlotExactlyOnce() {
        Ledger ledger = new Ledger(DB);
        List<JarProcess> replicas = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                int port = JarProcess.freePort();
                ports.add(port);
                Map<String, String> env = E2e.env(DB, api);
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
            assertEquals(slots, api.requests(), "the source was asked once per slot, by whichever replica claimed it");
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

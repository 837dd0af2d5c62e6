package io.github.randomuseretl.runner.scheduler.e2e;

import static io.github.randomuseretl.runner.scheduler.e2e.JarProcess.await;
import static io.github.randomuseretl.runner.scheduler.e2e.JarProcess.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A run killed during its fetch is taken over by {@code serve} within seconds, without an operator;
 * while it was alive, however slow, serve left it alone.
 */
class DeadRunIT {

    @RegisterExtension
    static final MigratedEnvironment ENV = new MigratedEnvironment();

    @AfterEach
    void undelay() {
        ENV.api().delay(Duration.ZERO);
    }

    @Test
    void aRunKilledDuringItsFetchIsTakenOverWithinSecondsAndWhileAliveItWasLeftAlone() {
        Ledger ledger = new Ledger(ENV.db());
        int port = JarProcess.freePort();
        Map<String, String> env = ENV.env();
        env.put("ETL_SCHEDULE", "every 2s");
        env.put("ETL_HTTP_PORT", Integer.toString(port));
        env.put("ETL_SOURCE_MAX_RETRIES", "0");
        env.put("ETL_RUN_TIMEOUT", "60s");
        env.put("ETL_SOURCE_REQUEST_TIMEOUT", "50s");
        Instant slot = E2e.minutesAgo(1);

        ENV.api().delay(Duration.ofSeconds(45));
        int before = ENV.api().requests();
        try (JarProcess victim = JarProcess.start(env, "run", "--slot", E2e.slot(slot))) {
            await("the victim's fetch in flight", Duration.ofSeconds(30),
                    () -> ENV.api().requests() > before && ledger.runs(slot).size() == 1, victim::describe);
            ENV.api().delay(Duration.ZERO); // later requests are quick; the victim's keeps waiting
            try (JarProcess serve = JarProcess.start(env, "serve")) {
                await("serve finding the slow run's slot busy, twice", Duration.ofSeconds(60),
                        () -> metric(E2e.metrics(port), "etl_runs_total{status=\"busy\"}") >= 2, () -> ledger + serve.describe());
                assertEquals(List.of("running"), ledger.runs(slot).stream().map(Ledger.Run::status).toList(),
                        "a live run is never taken over, however slow\n" + ledger);

                Instant killedAt = Instant.now();
                victim.kill9();
                assertNotEquals(0, victim.exitCode());
                await("serve to finish the killed run's slot", Duration.ofSeconds(30),
                        () -> ledger.runs(slot).stream().anyMatch(r -> r.status().equals("succeeded")), () -> ledger + serve.describe());

                List<Ledger.Run> runs = ledger.runs(slot);
                assertEquals(List.of("abandoned", "succeeded"), runs.stream().map(Ledger.Run::status).toList(), ledger.toString());
                assertTrue(runs.get(0).error().startsWith("abandoned: its session ended"), runs.get(0).error());
                assertEquals("catch-up", runs.get(1).trigger());
                Duration detected = Duration.between(killedAt, runs.get(0).finishedAt());
                Duration takeover = Duration.between(killedAt, runs.get(1).startedAt());
                System.out.println("dead run: marked abandoned " + detected.toMillis() + " ms and its slot claimed again "
                        + takeover.toMillis() + " ms after SIGKILL (serve ticking every 2s)");
                assertTrue(takeover.compareTo(Duration.ofSeconds(20)) < 0, "taken over within 20 s, took " + takeover.toMillis() + " ms");
                assertEquals(E2e.USERS_PER_RUN, runs.get(1).inserted());
                ledger.succeededPerSlot().forEach((s, n) -> assertEquals(1, n, "slot " + s + "\n" + ledger));

                serve.sigterm();
                assertEquals(0, serve.awaitExit(Duration.ofSeconds(30)), serve.describe());
            }
        }
        assertEquals(0, ledger.running(), ledger.toString());
        assertEquals(ledger.users(), ledger.distinctUsers());
    }
}

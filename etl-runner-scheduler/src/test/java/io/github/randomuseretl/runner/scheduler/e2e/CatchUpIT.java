package io.github.randomuseretl.runner.scheduler.e2e;

import static io.github.randomuseretl.runner.scheduler.e2e.JarProcess.await;
import static io.github.randomuseretl.runner.scheduler.e2e.JarProcess.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * serve heals its own gaps: the source is down for ticks of {@code serve} (after an earlier minute failed
 * and two more were missed while nothing ran); once it is back, every slot since the first one succeeds
 * within two ticks, by catch-up, and none succeeds twice. {@code gaps}, {@code /health/ready} and
 * {@code etl_slots_missing} show the gaps while they last.
 */
class CatchUpIT {

    @RegisterExtension
    static final MigratedEnvironment ENV = new MigratedEnvironment();

    private static final Duration TICK = Duration.ofSeconds(3);

    @Test
    void whenTheSourceComesBackEverySlotSinceTheFirstIsHealedWithinTwoTicksAndNoneTwice() {
        Ledger ledger = new Ledger(ENV.db());
        int port = JarProcess.freePort();
        Map<String, String> env = ENV.env();
        env.put("ETL_SCHEDULE", "every 3s");
        env.put("ETL_SOURCE_MAX_RETRIES", "0");
        env.put("ETL_HTTP_PORT", Integer.toString(port));
        Instant first = E2e.minutesAgo(3);

        ENV.api().setDown(true);
        JarProcess early = JarProcess.run(env, "run", "--slot", E2e.slot(first));
        assertEquals(1, early.exitCode(), "the first minute of the pipeline's history fails: " + early.describe());

        try (JarProcess serve = JarProcess.start(env, "serve")) {
            await("two ticks of serve while the source is down", Duration.ofSeconds(60),
                    () -> ledger.runs().stream().filter(r -> !r.slot().equals(first) && r.status().equals("failed")).count() >= 2,
                    () -> ledger + serve.describe());

            JarProcess gaps = JarProcess.run(env, "gaps", "--since", "1h");
            assertEquals(0, gaps.exitCode(), gaps.describe());
            assertTrue(gaps.out().matches("(?s)SLOT +RUNS +LAST_STATUS +LAST_ERROR\n" + E2e.slot(first) + " +1 +failed +source: HTTP 503.*"),
                    gaps.describe());
            assertTrue(gaps.out().contains(E2e.slot(first.plusSeconds(60)) + "  "), "a minute missed while nothing ran: " + gaps.describe());
            HttpResponse<String> ready = JarProcess.get(port, "/health/ready");
            assertTrue(ready.body().contains("\"missingSlots\":[{\"slot\":\"" + E2e.slot(first) + "\",\"runs\":1,\"lastStatus\":\"failed\""),
                    ready.body());

            ENV.api().setDown(false);
            Instant recovered = Instant.now();
            await("every slot since the first healed", Duration.ofSeconds(60),
                    () -> ledger.gaps(first, E2e.minutesAgo(0)).isEmpty(), () -> ledger + serve.describe());
            Duration took = Duration.between(recovered, Instant.now());
            System.out.println("catch-up: every slot since " + E2e.slot(first) + " succeeded " + took.toMillis() + " ms after the source came back");
            assertTrue(took.compareTo(TICK.multipliedBy(2).plusSeconds(3)) < 0,
                    "healed within two ticks of the recovery (plus a little for this machine), took " + took.toMillis() + " ms\n" + ledger);

            ledger.succeededPerSlot().forEach((slot, n) -> assertEquals(1, n, "slot " + slot + " succeeded once\n" + ledger));
            for (Instant missed : List.of(first.plusSeconds(60), first.plusSeconds(120))) {
                assertEquals(List.of("catch-up"), ledger.runs(missed).stream().map(Ledger.Run::trigger).toList(),
                        "missed while nothing ran, healed by catch-up\n" + ledger);
            }
            assertEquals(List.of("failed", "succeeded"), ledger.runs(first).stream().map(Ledger.Run::status).toList(), ledger.toString());
            assertEquals("catch-up", ledger.runs(first).get(1).trigger());
            assertEquals(E2e.USERS_PER_RUN * (long) ledger.succeededPerSlot().size(), ledger.users(), "every slot's users once");
            await("the gauge at zero", Duration.ofSeconds(20), () -> metric(E2e.metrics(port), "etl_slots_missing") == 0,
                    () -> E2e.metrics(port));

            JarProcess none = JarProcess.run(env, "gaps");
            assertEquals(0, none.exitCode(), none.describe());
            assertTrue(none.out().startsWith("no gaps: every slot due since "), none.describe());

            serve.sigterm();
            assertEquals(0, serve.awaitExit(Duration.ofSeconds(30)), serve.describe());
            assertTrue(serve.logLines("catch-up: ran \\d+ slot\\(s\\) \\(\\d+ healed") >= 1, serve.describe());
        }
    }
}

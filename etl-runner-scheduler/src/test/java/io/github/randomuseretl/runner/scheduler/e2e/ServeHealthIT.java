package io.github.randomuseretl.runner.scheduler.e2e;

import static io.github.randomuseretl.runner.scheduler.e2e.E2e.metrics;
import static io.github.randomuseretl.runner.scheduler.e2e.E2e.status;
import static io.github.randomuseretl.runner.scheduler.e2e.JarProcess.await;
import static io.github.randomuseretl.runner.scheduler.e2e.JarProcess.get;
import static io.github.randomuseretl.runner.scheduler.e2e.JarProcess.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code serve} with the source down for a while: the ticks fail, readiness and metrics say so, the next
 * tick after the source is back succeeds, and SIGTERM ends the process with 0.
 */
class ServeHealthIT {

    @RegisterExtension
    static final MigratedEnvironment ENV = new MigratedEnvironment();

    @Test
    void aTickWhileTheSourceIsDownFailsTheNextSucceedsAndHealthAndMetricsTellTheStory() {
        int port = JarProcess.freePort();
        Map<String, String> env = ENV.env();
        env.put("ETL_SCHEDULE", "every 5s");
        env.put("ETL_HTTP_PORT", Integer.toString(port));
        env.put("ETL_READY_MAX_AGE", "4s");
        env.put("ETL_SOURCE_MAX_RETRIES", "1");
        env.put("ETL_LOG_FORMAT", "json");
        Ledger ledger = new Ledger(ENV.db());
        ENV.api().setDown(true);
        try (JarProcess serve = JarProcess.start(env, "serve")) {
            await("the health endpoint", Duration.ofSeconds(30), () -> status(port, "/health/live") == 200, serve::describe);

            await("a failed tick", Duration.ofSeconds(30), () -> metric(metrics(port), "etl_runs_total{status=\"failed\"}") >= 1,
                    serve::describe);
            String m = metrics(port);
            assertTrue(metric(m, "etl_source_retries_total") >= 1, m);
            assertTrue(metric(m, "etl_run_duration_seconds_count{status=\"failed\"}") >= 1, m);
            assertEquals(0, metric(m, "etl_runs_total{status=\"succeeded\"}"), m);
            assertTrue(m.contains("etl_last_success_timestamp_seconds 0.0"), "0 until a success is known: " + m);
            // Every finished run so far failed on the 503 (a later tick may be running right now).
            assertTrue(ledger.runs().stream().anyMatch(r -> r.status().equals("failed")), ledger.toString());
            assertTrue(ledger.runs().stream().allMatch(r -> r.status().equals("running")
                    || r.status().equals("failed") && r.error().contains("503")), ledger.toString());

            await("not ready: no success in ETL_READY_MAX_AGE", Duration.ofSeconds(20), () -> status(port, "/health/ready") == 503,
                    serve::describe);
            HttpResponse<String> notReady = get(port, "/health/ready");
            assertNotNull(notReady);
            assertTrue(notReady.body().contains("\"database\":\"up\"") && notReady.body().contains("\"lastSuccess\":\"none in the 4s since start\""),
                    notReady.body());
            assertEquals(200, status(port, "/health/live"), "alive all along: a failing source is no reason to restart");

            ENV.api().setDown(false);
            Instant backUp = Instant.now();
            await("a successful tick", Duration.ofSeconds(30), () -> metric(metrics(port), "etl_runs_total{status=\"succeeded\"}") >= 1,
                    serve::describe);
            assertEquals(200, status(port, "/health/ready"), get(port, "/health/ready").body());
            m = metrics(port);
            // Catch-up may have healed an earlier failed minute in the same tick: every success inserted a batch.
            assertEquals(E2e.USERS_PER_RUN * metric(m, "etl_runs_total{status=\"succeeded\"}"), metric(m, "etl_users_total{outcome=\"inserted\"}"), m);
            assertTrue(metric(m, "etl_last_success_timestamp_seconds") >= backUp.getEpochSecond() - 1, m);

            List<Ledger.Run> runs = ledger.runs();
            Ledger.Run success = runs.stream().filter(r -> r.status().equals("succeeded")).findFirst().orElseThrow();
            List<Ledger.Run> sameSlot = ledger.runs(success.slot());
            assertEquals("succeeded", sameSlot.get(sameSlot.size() - 1).status(), ledger.toString());
            assertTrue(runs.stream().filter(r -> r.status().equals("succeeded")).count() == ledger.succeededPerSlot().size(), ledger.toString());
            assertEquals(E2e.USERS_PER_RUN * (long) ledger.succeededPerSlot().size(), ledger.users());

            serve.sigterm();
            assertEquals(0, serve.awaitExit(Duration.ofSeconds(30)), serve.describe());
            String log = serve.err();
            assertTrue(log.lines().allMatch(l -> l.startsWith("{\"ts\":\"") && l.endsWith("}")), "JSON lines only:\n" + log);
            assertTrue(serve.logLines("\"msg\":\"run failed\".*\"status\":\"failed\"") >= 1, log);
            assertTrue(serve.logLines("\"msg\":\"run succeeded\".*\"inserted\":" + E2e.USERS_PER_RUN) >= 1, log);
            assertTrue(serve.logLines("\"msg\":\"stop requested") == 1, log);
            assertFalse(java.util.regex.Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\\.[A-Za-z]{2,}").matcher(log).find(),
                    "no e-mail address in the log:\n" + log);
        }
    }
}

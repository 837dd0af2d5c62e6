package io.github.randomuseretl.runner.scheduler.e2e;

import static io.github.randomuseretl.runner.scheduler.e2e.JarProcess.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGTERM while {@code serve} is in the middle of a run: within the grace period the run finishes and is
 * recorded; past it the run is cut short, recorded as failed with nothing written, and a later run of
 * the same slot loads every user once. The process exits 0 either way.
 */
class ServeSigtermIT {

    @RegisterExtension
    static final MigratedEnvironment ENV = new MigratedEnvironment();

    @AfterEach
    void undelay() {
        ENV.api().delay(Duration.ZERO);
    }

    /** Settings for one test: its own pipeline and seeds, so tests sharing the database do not share slots. */
    private static Map<String, String> env(String pipeline, String grace) {
        Map<String, String> env = ENV.env();
        env.put("ETL_PIPELINE_NAME", pipeline);
        env.put("ETL_SEED_PREFIX", pipeline);
        env.put("ETL_SCHEDULE", "every 5s");
        env.put("ETL_SHUTDOWN_GRACE", grace);
        env.put("ETL_SOURCE_MAX_RETRIES", "0");
        return env;
    }

    @Test
    void sigtermDuringARunLetsItFinishWithinTheGracePeriodAndExitsZero() {
        Ledger ledger = new Ledger(ENV.db(), "graceful");
        ENV.api().delay(Duration.ofSeconds(3));
        int before = ENV.api().requests();
        try (JarProcess serve = JarProcess.start(env("graceful", "20s"), "serve")) {
            await("a fetch in flight", Duration.ofSeconds(30), () -> ENV.api().requests() > before, serve::describe);
            serve.sigterm();
            assertEquals(0, serve.awaitExit(Duration.ofSeconds(25)), serve.describe());
            assertEquals(1, serve.logLines("stop requested"), serve.describe());
            assertEquals(1, serve.logLines("run succeeded .*inserted=" + E2e.USERS_PER_RUN), serve.describe());
        }
        List<Ledger.Run> runs = ledger.runs();
        assertEquals(1, runs.size(), ledger.toString());
        assertEquals("succeeded", runs.get(0).status());
        assertEquals(E2e.USERS_PER_RUN, ledger.users());
        assertEquals(before + 1, ENV.api().requests(), "no tick after the stop");
    }

    @Test
    void sigtermPastTheGracePeriodRecordsTheRunFailedWritesNothingAndTheSlotLoadsOnceLater() {
        Ledger ledger = new Ledger(ENV.db(), "impatient");
        ENV.api().delay(Duration.ofSeconds(20));
        int before = ENV.api().requests();
        Instant stoppedAt;
        try (JarProcess serve = JarProcess.start(env("impatient", "1s"), "serve")) {
            await("a fetch in flight", Duration.ofSeconds(30), () -> ENV.api().requests() > before, serve::describe);
            serve.sigterm();
            stoppedAt = Instant.now();
            assertEquals(0, serve.awaitExit(Duration.ofSeconds(15)), serve.describe());
            assertTrue(Duration.between(stoppedAt, Instant.now()).toSeconds() < 10, "did not wait for the 20 s response");
            assertEquals(1, serve.logLines("grace period of 1s is over"), serve.describe());
        }
        List<Ledger.Run> runs = ledger.runs();
        assertEquals(1, runs.size(), ledger.toString());
        Ledger.Run cut = runs.get(0);
        assertEquals("failed", cut.status(), "the ledger says what happened, not running forever: " + ledger);
        assertTrue(cut.error().contains("interrupted"), cut.error());
        assertEquals(0, ledger.users());

        ENV.api().delay(Duration.ZERO);
        String slot = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mmX").withZone(ZoneOffset.UTC).format(cut.slot());
        JarProcess rerun = JarProcess.run(env("impatient", "1s"), "run", "--slot", slot);
        assertEquals(0, rerun.exitCode(), rerun.describe());
        List<Ledger.Run> after = ledger.runs(cut.slot());
        assertEquals(List.of("failed", "succeeded"), after.stream().map(Ledger.Run::status).toList(), ledger.toString());
        assertEquals(E2e.USERS_PER_RUN, ledger.users());
        assertEquals(E2e.USERS_PER_RUN, ledger.distinctUsers());
        assertEquals(E2e.USERS_PER_RUN, ledger.currentHistoryRows());
    }
}

package io.github.randomuseretl.runner.scheduler.e2e;

import static io.github.randomuseretl.runner.scheduler.e2e.JarProcess.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.testing.FakeRandomUserApi;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The source's budget, against a fake that enforces randomuser.me's (429 without {@code Retry-After} once
 * a fixed window's users are spent), scaled down from 20,000 per 5 minutes to 40 per 5 seconds so it
 * takes seconds: at a sustainable rate every slot ends succeeded without one 429; when the source's real
 * limit is lower than the budget, a 429 makes every run wait for the window instead of retrying within
 * seconds; at an unsustainable rate, start-up and {@code config} say so in one line.
 */
class BudgetIT {

    @RegisterExtension
    static final MigratedEnvironment ENV = new MigratedEnvironment();

    private static final Duration WINDOW = Duration.ofSeconds(5);

    private static Map<String, String> env(String pipeline, FakeRandomUserApi api, String budget) {
        Map<String, String> env = ENV.env();
        env.put("ETL_SOURCE_URL", api.baseUrl());
        env.put("ETL_PIPELINE_NAME", pipeline);
        env.put("ETL_SEED_PREFIX", pipeline);
        env.put("ETL_SCHEDULE", "every 2s");
        env.put("ETL_SOURCE_MAX_RETRIES", "3");
        env.put("ETL_SOURCE_BUDGET", budget);
        return env;
    }

    /** Serves until every slot from {@code first} to the current minute succeeded, then stops. */
    private static JarProcess serveUntilHealed(Map<String, String> env, Ledger ledger, Instant first) {
        JarProcess serve = JarProcess.start(env, "serve");
        await("every slot since the first loaded", Duration.ofSeconds(120),
                () -> ledger.gaps(first, E2e.minutesAgo(0)).isEmpty(), () -> ledger + serve.describe());
        serve.sigterm();
        assertEquals(0, serve.awaitExit(Duration.ofSeconds(30)), serve.describe());
        ledger.succeededPerSlot().forEach((slot, n) -> assertEquals(1, n, "slot " + slot + " loaded once\n" + ledger));
        assertEquals(E2e.USERS_PER_RUN * (long) ledger.succeededPerSlot().size(), ledger.users(), ledger.toString());
        return serve;
    }

    @Test
    void atASustainableRateEverySlotEndsSucceededWithoutOne429() {
        Ledger ledger = new Ledger(ENV.db(), "sustainable");
        try (FakeRandomUserApi api = FakeRandomUserApi.start()) {
            api.limitUsers(40, WINDOW);
            Map<String, String> env = env("sustainable", api, "40/5s");
            Instant first = E2e.minutesAgo(4);
            assertEquals(0, JarProcess.run(env, "run", "--slot", E2e.slot(first)).exitCode());

            JarProcess serve = serveUntilHealed(env, ledger, first);

            assertEquals(0, api.rateLimited(), "the budget kept every window of the source under its limit\n" + ledger);
            assertTrue(serve.logLines("run deferred: source budget 40/5s") >= 1, "the budget paced catch-up: " + serve.describe());
            assertEquals(0, serve.logLines("ETL_SOURCE_BUDGET .* allows"), "sustainable: no warning\n" + serve.describe());
            // The invariant itself, from the ledger: no 5-second interval asked for more than 40 users.
            List<Ledger.Run> runs = ledger.runs();
            for (Ledger.Run a : runs) {
                long asked = runs.stream().filter(b -> !b.startedAt().isBefore(a.startedAt())
                        && b.startedAt().isBefore(a.startedAt().plus(WINDOW))).mapToLong(Ledger.Run::requestedUsers).sum();
                assertTrue(asked <= 40, asked + " users asked for within 5 s of " + a.startedAt() + "\n" + ledger);
            }
        }
    }

    @Test
    void whenTheSourcesLimitIsLowerA429MakesEveryRunWaitForTheWindowInsteadOfRetryingWithinSeconds() {
        Ledger ledger = new Ledger(ENV.db(), "limited");
        try (FakeRandomUserApi api = FakeRandomUserApi.start()) {
            api.limitUsers(40, WINDOW);
            Map<String, String> env = env("limited", api, "1000/5s");
            Instant first = E2e.minutesAgo(4);
            assertEquals(0, JarProcess.run(env, "run", "--slot", E2e.slot(first)).exitCode());
            Instant start = Instant.now();

            serveUntilHealed(env, ledger, first);

            long windows = Duration.between(start, Instant.now()).toMillis() / WINDOW.toMillis() + 1;
            System.out.println("budget: " + api.rateLimited() + " 429(s) in " + windows + " window(s) of the source");
            assertTrue(api.rateLimited() >= 1, "the source's real limit was hit\n" + ledger);
            assertTrue(api.rateLimited() <= windows, "at most one 429 per window: nobody retried within seconds; "
                    + api.rateLimited() + " in " + windows + " windows\n" + ledger);
            assertTrue(ledger.runs().stream().anyMatch(r -> r.status().equals("failed")
                    && r.error().contains("rate limited without Retry-After")), ledger.toString());
        }
    }

    @Test
    void atAnUnsustainableRateStartUpAndConfigSaySoInOneLine() {
        try (FakeRandomUserApi api = FakeRandomUserApi.start()) {
            Map<String, String> env = env("unsustainable", api, "40/5s");
            env.put("ETL_USERS_PER_RUN", "50");
            String line = "ETL_USERS_PER_RUN 50 x 1 slot(s) per 5s (ETL_SCHEDULE \"every 2s\") = 50 users, more than ETL_SOURCE_BUDGET "
                    + "40/5s allows";

            JarProcess config = JarProcess.run(env, "config");
            assertEquals(0, config.exitCode(), config.describe());
            assertEquals(1, config.err().lines().filter(l -> l.startsWith("warning: " + line)).count(), config.describe());

            try (JarProcess serve = JarProcess.start(env, "serve")) {
                await("the warning at start-up", Duration.ofSeconds(30), () -> serve.logLines(java.util.regex.Pattern.quote(line)) == 1,
                        serve::describe);
                serve.sigterm();
                assertEquals(0, serve.awaitExit(Duration.ofSeconds(30)), serve.describe());
            }
        }
    }
}

package io.github.randomuseretl.runner.scheduler.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The deadline holds while writing: with an {@code ACCESS EXCLUSIVE} lock held on {@code users} past a
 * run's deadline, the run ends failed within a few seconds of it, writes nothing, and its slot loads
 * once the lock is gone.
 */
class DeadlineIT {

    @RegisterExtension
    static final MigratedEnvironment ENV = new MigratedEnvironment();

    @Test
    void aRunBlockedByALockHeldPastItsDeadlineEndsFailedWithinSecondsOfItAndWritesNothing() throws Exception {
        Ledger ledger = new Ledger(ENV.db());
        Map<String, String> env = ENV.env();
        env.put("ETL_RUN_TIMEOUT", "5s");
        Instant slot = E2e.minutesAgo(1);
        try (Connection locker = ENV.db().connect()) {
            locker.setAutoCommit(false);
            try (Statement st = locker.createStatement()) {
                st.execute("LOCK TABLE randomuser.users IN ACCESS EXCLUSIVE MODE");
            }
            JarProcess blocked = JarProcess.run(env, "run", "--slot", E2e.slot(slot));

            assertEquals(1, blocked.exitCode(), blocked.describe());
            assertTrue(blocked.out().contains("failed: run") && blocked.out().contains("cut off at its time bound"), blocked.describe());
            List<Ledger.Run> runs = ledger.runs(slot);
            assertEquals(1, runs.size(), ledger.toString());
            Ledger.Run run = runs.get(0);
            assertEquals("failed", run.status(), "recorded as failed, by a statement of its own");
            Duration took = Duration.between(run.startedAt(), run.finishedAt());
            System.out.println("deadline: a write blocked by a lock ended " + took.toMillis() + " ms after its run started (deadline 5000 ms)");
            assertTrue(took.compareTo(Duration.ofSeconds(5)) >= 0 && took.compareTo(Duration.ofSeconds(8)) < 0,
                    "ended within a few seconds of its deadline, not when the lock went: " + took.toMillis() + " ms");
            assertEquals(0, ledger.count("SELECT count(*) FROM randomuser.users_stage"), "nothing written, not even staging");
            locker.rollback();
        }
        assertEquals(0, ledger.users());

        JarProcess again = JarProcess.run(env, "run", "--slot", E2e.slot(slot));
        assertEquals(0, again.exitCode(), again.describe());
        assertEquals(List.of("failed", "succeeded"), ledger.runs(slot).stream().map(Ledger.Run::status).toList(), ledger.toString());
        assertEquals(E2e.USERS_PER_RUN, ledger.users());
    }
}

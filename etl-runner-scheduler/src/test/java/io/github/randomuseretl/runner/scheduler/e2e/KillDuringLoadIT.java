package io.github.randomuseretl.runner.scheduler.e2e;

import static io.github.randomuseretl.runner.scheduler.e2e.JarProcess.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code kill -9} while a run is writing its batch: nothing of it is visible, the ledger shows the run as
 * running and then abandoned, and an immediate new {@code run} of the same slot takes it over (the dead
 * run's session, and with it its lease, is gone) and loads every user exactly once.
 */
class KillDuringLoadIT {

    @RegisterExtension
    static final MigratedEnvironment ENV = new MigratedEnvironment();

    private static final String SLOT = "2026-02-01T12:00Z";
    private static final Instant SLOT_START = Instant.parse("2026-02-01T12:00:00Z");

    private static long count(String sql) {
        try (Connection c = ENV.db().connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long backends(String extraCondition) {
        return count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'randomuser-etl'"
                + extraCondition);
    }

    @Test
    void killedMidLoadLeavesNothingAndTheSlotLoadsOnceOnTheNextRun() throws Exception {
        Map<String, String> env = ENV.env();
        env.put("ETL_RUN_TIMEOUT", "30s");
        Ledger ledger = new Ledger(ENV.db());

        try (Connection blocker = ENV.db().connect()) {
            // Hold the users table so the load stops inside its transaction, after the batch is staged.
            blocker.setAutoCommit(false);
            try (Statement st = blocker.createStatement()) {
                st.execute("LOCK TABLE randomuser.users IN EXCLUSIVE MODE");
            }
            try (JarProcess run = JarProcess.start(env, "run", "--slot", SLOT)) {
                await("the load waiting inside its transaction", Duration.ofSeconds(30),
                        () -> backends(" AND wait_event_type = 'Lock' AND state = 'active'") == 1, run::describe);
                run.kill9();
                assertNotEquals(0, run.exitCode());
            }
            blocker.rollback();
        }
        // The server notices the dead client when it answers it, and rolls the transaction back.
        await("the dead process's session to end", Duration.ofSeconds(30), () -> backends("") == 0, () -> "");
        assertEquals(0, count("SELECT count(*) FROM randomuser.users"), "nothing of the killed load is visible");
        assertEquals(0, count("SELECT count(*) FROM randomuser.users_history"));
        List<Ledger.Run> killed = ledger.runs(SLOT_START);
        assertEquals(1, killed.size(), ledger.toString());
        assertEquals("running", killed.get(0).status(), "until someone finds it abandoned");

        Instant deadline = Instant.ofEpochMilli(count("SELECT (extract(epoch FROM deadline) * 1000)::bigint FROM randomuser.etl_runs"));
        JarProcess rerun = JarProcess.run(env, "run", "--slot", SLOT);
        assertEquals(0, rerun.exitCode(), "no exit 4: the dead run's slot is taken over at once\n" + rerun.describe());
        assertTrue(Instant.now().isBefore(deadline), "long before the dead run's deadline");
        assertTrue(rerun.out().contains("succeeded: run") && rerun.out().contains("attempt 2"), rerun.describe());

        List<Ledger.Run> runs = ledger.runs(SLOT_START);
        assertEquals(List.of("abandoned", "succeeded"), runs.stream().map(Ledger.Run::status).toList(), ledger.toString());
        assertTrue(runs.get(0).error().startsWith("abandoned: "), runs.get(0).error());
        assertEquals(E2e.USERS_PER_RUN, runs.get(1).inserted());
        assertEquals(E2e.USERS_PER_RUN, count("SELECT count(*) FROM randomuser.users"));
        assertEquals(E2e.USERS_PER_RUN, count("SELECT count(DISTINCT uuid) FROM randomuser.users"));
        assertEquals(E2e.USERS_PER_RUN, count("SELECT count(*) FROM randomuser.users_history"), "one version per user, none doubled");
    }
}

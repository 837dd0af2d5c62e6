package io.github.randomuseretl.runner.scheduler.e2e;

import static io.github.randomuseretl.runner.scheduler.e2e.E2e.status;
import static io.github.randomuseretl.runner.scheduler.e2e.JarProcess.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.runner.scheduler.cli.ExitCode;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Forgetting {@code migrate} against a real PostgreSQL (ETL_DB_URL), per command, through the jar:
 * each one-shot command stops at its start with exit 6 and one line naming {@code migrate}, nothing
 * written; {@code serve} waits, not ready ("schema not migrated"), and gets ready once migrate ran; a
 * schema behind the jar's migrations is refused the same way. The methods build on each other's state.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ForgotMigrateIT {

    @RegisterExtension
    static final MigratedEnvironment ENV = MigratedEnvironment.notYetMigrated();

    private static final List<List<String>> COMMANDS = List.of(
            List.of("run"),
            List.of("run", "--slot", "2026-01-01T00:00Z"),
            List.of("backfill", "--pages", "2"),
            List.of("runs"),
            List.of("quarantine", "list"),
            List.of("quarantine", "replay"),
            List.of("prune"));

    @Test
    @Order(1)
    void everyCommandOnASchemaNeverMigratedStopsWithExitSixAndOneLineNamingMigrate() throws Exception {
        Map<String, String> env = ENV.env();
        String expected = "schema randomuser in " + hostAndDatabase() + " is not migrated: run the migrate command (randomuser-etl "
                + "migrate) first, with the same database settings";
        for (List<String> command : COMMANDS) {
            JarProcess p = JarProcess.run(env, command.toArray(String[]::new));
            assertEquals(ExitCode.SCHEMA_NOT_MIGRATED, p.exitCode(), p.describe());
            assertEquals(expected, p.err().strip(), command + " prints that one line and nothing else:\n" + p.describe());
            assertEquals("", p.out(), p.describe());
        }
        assertEquals(0, ENV.api().requests(), "no command fetched anything");
        assertEquals(0, count("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'randomuser'"),
                "no command created anything");
    }

    @Test
    @Order(2)
    void serveWaitsNotReadyWithSchemaNotMigratedAndGetsReadyOnceMigrateRan() throws Exception {
        int port = JarProcess.freePort();
        Map<String, String> env = ENV.env();
        env.put("ETL_HTTP_PORT", Integer.toString(port));
        env.put("ETL_SCHEDULE", "every 1h");
        try (JarProcess serve = JarProcess.start(env, "serve")) {
            await("not ready: schema not migrated", Duration.ofSeconds(60), () -> status(port, "/health/ready") == 503, serve::describe);
            HttpResponse<String> notReady = JarProcess.get(port, "/health/ready");
            assertTrue(notReady.body().contains("\"database\":\"up\"") && notReady.body().contains("\"schema\":\"not migrated: "),
                    notReady.body());
            assertEquals(200, status(port, "/health/live"), "alive: it waits for migrate as for a database that is down");
            assertTrue(serve.logLines("not ready, retrying in \\d+s: schema randomuser .* is not migrated: run the migrate command") >= 1,
                    serve.describe());

            JarProcess migrate = JarProcess.run(ENV.env(), "migrate");
            assertEquals(0, migrate.exitCode(), migrate.describe());
            await("ready once migrated", Duration.ofSeconds(60), () -> status(port, "/health/ready") == 200, serve::describe);

            serve.sigterm();
            assertEquals(0, serve.awaitExit(Duration.ofSeconds(30)), serve.describe());
        }
    }

    @Test
    @Order(3)
    void aSchemaBehindTheJarsMigrationsIsRefusedNamingMigrate() throws Exception {
        // As if the jar were upgraded without running migrate: its newest script is not in the history.
        // (The row is put back afterwards rather than re-applied: not every migration can run twice.)
        try (Connection c = ENV.db().connect(); Statement st = c.createStatement()) {
            String latest = text(st, "SELECT max(version::int)::text FROM randomuser.flyway_schema_history WHERE version IS NOT NULL");
            String previous = text(st, "SELECT max(version::int)::text FROM randomuser.flyway_schema_history WHERE version::int < " + latest);
            st.execute("CREATE TEMP TABLE newest AS SELECT * FROM randomuser.flyway_schema_history WHERE version = '" + latest + "'");
            st.execute("DELETE FROM randomuser.flyway_schema_history WHERE version = '" + latest + "'");

            JarProcess runs = JarProcess.run(ENV.env(), "runs");
            assertEquals(ExitCode.SCHEMA_NOT_MIGRATED, runs.exitCode(), runs.describe());
            assertEquals("schema randomuser in " + hostAndDatabase() + " is at version " + previous + " but this program needs version "
                    + latest + ": run the migrate command (randomuser-etl migrate) first", runs.err().strip());

            st.execute("INSERT INTO randomuser.flyway_schema_history SELECT * FROM newest");
        }
        JarProcess again = JarProcess.run(ENV.env(), "runs");
        assertEquals(0, again.exitCode(), again.describe());
        assertEquals("no runs yet", again.out().strip());
    }

    private static String text(Statement st, String sql) throws java.sql.SQLException {
        try (java.sql.ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String hostAndDatabase() {
        String url = ENV.db().jdbcUrl();
        String rest = url.substring("jdbc:postgresql://".length());
        int q = rest.indexOf('?');
        rest = q < 0 ? rest : rest.substring(0, q);
        String host = rest.substring(0, rest.indexOf('/'));
        return (host.contains(":") ? host : host + ":5432") + rest.substring(rest.indexOf('/'));
    }

    private static long count(String sql) throws Exception {
        try (Connection c = ENV.db().connect(); Statement st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

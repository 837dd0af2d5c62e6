package io.github.randomuseretl.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.model.RejectionReason;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.testing.Batch;
import io.github.randomuseretl.core.port.SinkException;
import io.github.randomuseretl.core.port.SlotClaim;
import io.github.randomuseretl.core.run.RunRequest;
import io.github.randomuseretl.core.testing.MutableClock;
import io.github.randomuseretl.core.testing.TestDatabase;
import io.github.randomuseretl.core.testing.TestUsers;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The two connection modes, unreachable databases, credentials and driver options, against a real server. */
class PostgresDatabaseIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String CANARY = "Pw-Canary-4711";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    private static PostgresSettings settings(String urlOptions, Map<String, String> overrides) {
        Map<String, String> env = Pg.env(DB, "dbit");
        env.put("ETL_DB_URL", DB.jdbcUrl() + (DB.jdbcUrl().contains("?") ? "&" : "?") + urlOptions);
        env.putAll(overrides);
        return PostgresSettings.from(Settings.of(env));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void unreachableDatabaseStopsStartUpWithOneLineNamingWhereAndNeverThePassword() throws IOException {
        int port = closedPort();
        PostgresSettings unreachable = PostgresSettings.from(Settings.of(Map.of(
                "ETL_DB_URL", "jdbc:postgresql://127.0.0.1:" + port + "/etl?sslmode=disable&password=" + CANARY,
                "ETL_DB_USER", "etl")));
        DatabaseUnavailableException e;
        String logged;
        try (CapturedOutput out = new CapturedOutput()) {
            e = assertThrows(DatabaseUnavailableException.class, () -> PostgresDatabase.pooled(unreachable));
            logged = out.text();
        }

        assertTrue(e.getMessage().startsWith("cannot connect to PostgreSQL at 127.0.0.1:" + port + "/etl: Connection to 127.0.0.1:" + port + " refused"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertFalse(e.getMessage().contains(CANARY));
        assertFalse(logged.contains(CANARY), logged);
        assertFalse(logged.contains("\tat "), "no stack trace in the logs: " + logged);
    }

    @Test
    void unreachableDatabaseInLambdaModeFailsTheCallWithOneLineAndPingSaysNo() throws IOException {
        int port = closedPort();
        PostgresSettings unreachable = PostgresSettings.from(Settings.of(Map.of(
                "ETL_DB_URL", "jdbc:postgresql://127.0.0.1:" + port + "/etl", "ETL_DB_USER", "etl", "ETL_DB_PASSWORD", CANARY)));
        try (PostgresDatabase db = PostgresDatabase.singleConnection(unreachable)) {
            PostgresUserSink sink = new PostgresUserSink(db, clock);
            RunRequest request = Pg.request("randomuser", Slot.parse("2026-03-01T10:00Z"), clock.instant(), Duration.ofSeconds(50));

            DatabaseUnavailableException e = assertThrows(DatabaseUnavailableException.class, () -> sink.claim(request));

            assertEquals("could not claim slot 2026-03-01T10:00Z of randomuser: PostgreSQL at 127.0.0.1:" + port + "/etl is unavailable: "
                    + "Connection to 127.0.0.1:" + port + " refused. Check that the hostname and port are correct and that the postmaster "
                    + "is accepting TCP/IP connections. [SQLSTATE 08001]", e.getMessage());
            assertFalse(new PostgresOperations(db, clock).ping());
            assertThrows(DatabaseUnavailableException.class, db::check);
        }
    }

    @Test
    void credentialsNeverAppearInLogsMessagesOrDescriptions() {
        String logged;
        PostgresSettings settings = settings("sslpassword=" + CANARY + "x", Map.of("ETL_DB_PASSWORD", CANARY, "ETL_DB_SCHEMA", "creds"));
        SinkException refused;
        try (CapturedOutput out = new CapturedOutput(); PostgresDatabase db = PostgresDatabase.pooled(settings)) {
            new PostgresMigrations(db).migrate();
            PostgresUserSink sink = new PostgresUserSink(db, clock);
            RunRequest request = Pg.request("randomuser", Slot.parse("2026-03-01T10:00Z"), clock.instant(), Duration.ofSeconds(50));
            Pg.writeAll(sink, request, new Batch(SampleUsers.users(1, 3), List.of(new Validation.Rejected(
                    TestUsers.raw(1, "{\"login\":{\"password\":\"" + CANARY + "\"}}"), List.of(new RejectionReason("/login/uuid", "required"))))),
                    clock.instant());
            RunRequest failing = Pg.request("randomuser", Slot.parse("2026-03-01T10:01Z"), clock.instant(), Duration.ofSeconds(50));
            SlotClaim.Claimed failed = Pg.claimed(sink.claim(failing));
            failed.load().fail(Pg.failed(failed, failing, "source: HTTP 503", clock.instant()));
            refused = assertThrows(SinkException.class, () -> Pg.write(failed, new Batch(List.of(), List.of()), c -> null));
            new PostgresOperations(db, clock).quarantined(10).forEach(q -> assertFalse(q.payload().contains(CANARY)));
            logged = out.text() + db + db.describe() + settings + settings.describe() + settings.redactedUrl() + refused.getMessage();
        }
        assertTrue(logged.contains("Successfully applied"), "the capture saw the logs: " + logged);
        assertFalse(logged.contains(CANARY), logged);
    }

    @Test
    void driverOptionsInTheUrlReachTheDriver() throws SQLException {
        try (PostgresDatabase db = PostgresDatabase.pooled(settings("ApplicationName=etl-options-it&sslmode=disable", Map.of()));
             Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT a.application_name || '|' || COALESCE(s.ssl, false) FROM pg_stat_activity a "
                     + "LEFT JOIN pg_stat_ssl s ON s.pid = a.pid WHERE a.pid = pg_backend_pid()")) {
            rs.next();
            assertEquals("etl-options-it|false", rs.getString(1));
        }
        // This server speaks no TLS: sslmode=require must reach the driver and make it refuse.
        DatabaseUnavailableException e = assertThrows(DatabaseUnavailableException.class,
                () -> PostgresDatabase.pooled(settings("sslmode=require", Map.of())));
        assertTrue(e.getMessage().contains("SSL"), e.getMessage());
    }

    @Test
    void singleConnectionOpensNothingUntilUsedAndReopensWhenTheServerDropsIt() throws SQLException {
        String app = "etl-single-" + UUID.randomUUID().toString().substring(0, 8);
        try (PostgresDatabase db = PostgresDatabase.singleConnection(settings("ApplicationName=" + app, Map.of()))) {
            PostgresOperations ops = new PostgresOperations(db, clock);
            assertEquals(0, backends(app), "nothing opened before the first use");

            assertTrue(ops.ping());
            long first = backendPid(db);
            assertEquals(1, backends(app));
            terminate(first);

            assertTrue(ops.ping(), "the dropped connection is found invalid and replaced");
            long second = backendPid(db);
            assertNotEquals(first, second);
            assertEquals(1, backends(app), "still one connection");
        }
        waitForBackends(app, 0);
    }

    @Test
    void lambdaModeLeavesNoSessionStateThatWouldPinAProxyConnectionOnceARunIsOver() throws SQLException {
        String schema = Pg.freshSchema("pin");
        try (PostgresDatabase db = PostgresDatabase.singleConnection(settings("", Map.of("ETL_DB_SCHEMA", schema)))) {
            new PostgresMigrations(db).migrate();
            long pid = backendPid(db);
            // As a CRaC checkpoint would: the next use opens a new connection.
            db.suspend();
            PostgresUserSink sink = new PostgresUserSink(db, clock);
            RunRequest request = Pg.request("randomuser", Slot.parse("2026-03-01T10:00Z"), clock.instant(), Duration.ofSeconds(50));
            Pg.writeAll(sink, request, new Batch(SampleUsers.many(200, 5), List.of(new Validation.Rejected(TestUsers.raw(1, "{}"),
                    List.of(new RejectionReason("", "empty"))))), clock.instant());
            assertTrue(sink.claim(request) instanceof SlotClaim.AlreadySucceeded);
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT pg_backend_pid(), current_setting('search_path'), "
                         + "(SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'advisory'), "
                         + "(SELECT count(*) FROM pg_class WHERE relnamespace = pg_my_temp_schema()), "
                         + "(SELECT count(*) FROM pg_cursors WHERE is_holdable), "
                         + "(SELECT count(*) FROM pg_settings WHERE name IN ('tcp_keepalives_idle', 'tcp_keepalives_interval', "
                         + "'tcp_keepalives_count', 'client_connection_check_interval') AND source = 'session')")) {
                rs.next();
                assertNotEquals(pid, rs.getLong(1), "suspend() closed the migration's connection");
                assertEquals("\"$user\", public", rs.getString(2));
                assertEquals(0, rs.getLong(3), "no advisory lock outlives its transaction, nor the run's lease its run");
                assertEquals(0, rs.getLong(4), "no temporary table");
                assertEquals(0, rs.getLong(5), "no cursor outlives its transaction");
                assertEquals(0, rs.getLong(6), "the lease's keepalives are reset when the run ends");
            }
        }
    }

    @Test
    void suspendClosesEveryConnectionAndTheNextUseOpensNewOnes() throws SQLException {
        String app = "etl-suspend-" + UUID.randomUUID().toString().substring(0, 8);
        try (PostgresDatabase db = PostgresDatabase.pooled(settings("ApplicationName=" + app, Map.of()))) {
            PostgresOperations ops = new PostgresOperations(db, clock);
            assertTrue(ops.ping());
            long before = backendPid(db);

            db.suspend();
            waitForBackends(app, 0);

            db.resume();
            assertTrue(ops.ping());
            assertNotEquals(before, backendPid(db));
            assertTrue(backends(app) >= 1);

            db.close();
            assertFalse(ops.ping(), "a closed database stays closed");
        }
        waitForBackends(app, 0);
    }

    private static long backendPid(PostgresDatabase db) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long backends(String app) {
        return Pg.count(DB, "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + app + "'");
    }

    private static void waitForBackends(String app, long expected) {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (backends(app) != expected && System.nanoTime() < until) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertEquals(expected, backends(app));
    }

    private static void terminate(long pid) throws SQLException {
        try (Connection admin = DB.connectAdmin(); Statement st = admin.createStatement()) {
            st.execute("SELECT pg_terminate_backend(" + pid + ")");
        }
        // The backend goes away asynchronously.
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Pg.count(DB, "SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid) > 0 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}

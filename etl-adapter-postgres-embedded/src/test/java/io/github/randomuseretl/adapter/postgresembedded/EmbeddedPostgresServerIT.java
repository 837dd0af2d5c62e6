package io.github.randomuseretl.adapter.postgresembedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server on a real data directory: data kept between runs, one server shared by processes
 * that use the same directory at once (stopped by the last to leave, also when the first was killed),
 * and one-line refusals.
 */
class EmbeddedPostgresServerIT {

    @TempDir
    Path dir;

    @Test
    void dataWrittenInOneRunIsThereInTheNextAndTheServerStopsWhenClosed() throws Exception {
        EmbeddedPostgresSettings settings = new EmbeddedPostgresSettings(dir.resolve("data"), freePort());
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.open(settings)) {
            assertFalse(server.joined());
            assertTrue(server.describe().contains(settings.dataDir().toString()) && server.describe().contains(settings.psql())
                    && server.describe().contains("ETL_DB_URL"), server.describe());
            try (Connection c = DriverManager.getConnection(server.jdbcUrl()); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE kept (x int)");
                st.execute("INSERT INTO kept VALUES (42)");
                try (ResultSet rs = st.executeQuery("SHOW fsync")) {
                    rs.next();
                    assertEquals("on", rs.getString(1), "data kept between runs must survive a crash");
                }
            }
        }
        assertFalse(answers(settings), "closing the last user stops the server");
        assertTrue(portFree(settings.port()));

        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.open(settings);
             Connection c = DriverManager.getConnection(again.jdbcUrl()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT x FROM kept")) {
            assertTrue(rs.next());
            assertEquals(42, rs.getInt(1));
        }
    }

    @Test
    void aSecondProcessJoinsTheRunningServerAndTheLastToLeaveStopsIt() throws Exception {
        EmbeddedPostgresSettings settings = new EmbeddedPostgresSettings(dir.resolve("data"), freePort());
        Process other = hold(settings);
        try {
            assertEquals("ready joined=false", readLine(other), "the other process started the server");
            try (EmbeddedPostgresServer server = EmbeddedPostgresServer.open(settings)) {
                assertTrue(server.joined(), "a second server on one data directory would corrupt it");
                other.getOutputStream().close();
                assertEquals("closed", readLine(other));
                assertTrue(other.waitFor(30, TimeUnit.SECONDS));
                assertTrue(answers(settings), "the first process left, but this one still uses the server");
            }
            assertFalse(answers(settings), "the last one to leave stopped it");
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void aServerLeftRunningByAKilledProcessIsJoinedAndStoppedByTheNext() throws Exception {
        EmbeddedPostgresSettings settings = new EmbeddedPostgresSettings(dir.resolve("data"), freePort());
        Process killed = hold(settings);
        assertEquals("ready joined=false", readLine(killed));
        killed.destroyForcibly();
        assertTrue(killed.waitFor(30, TimeUnit.SECONDS));
        assertTrue(answers(settings), "SIGKILL gives no chance to stop the server");

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.open(settings)) {
            assertTrue(server.joined());
        }
        assertFalse(answers(settings));
    }

    @Test
    void aPortTakenByAnotherProgramIsRefusedNamingTheSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            EmbeddedPostgresSettings settings = new EmbeddedPostgresSettings(dir.resolve("data"), taken.getLocalPort());
            EmbeddedPostgresException e = assertThrows(EmbeddedPostgresException.class, () -> EmbeddedPostgresServer.open(settings));
            assertTrue(e.getMessage().contains("ETL_DATA_PORT") && !e.getMessage().contains("\n"), e.getMessage());
        }
    }

    private static Process hold(EmbeddedPostgresSettings settings) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldServer.class.getName(),
                settings.dataDir().toString(), Integer.toString(settings.port())));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        return pb.start();
    }

    private static String readLine(Process p) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        return line == null ? "(no output, exit " + (p.isAlive() ? "running" : p.exitValue()) + ")" : line;
    }

    private static boolean answers(EmbeddedPostgresSettings settings) {
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl()); Statement st = c.createStatement()) {
            st.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

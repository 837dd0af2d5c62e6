package io.github.randomuseretl.runner.scheduler.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shaded jar on its own: it starts, explains itself, and fails the way scripts expect. */
class ExecutableJarIT {

    @Test
    void helpAndVersionWorkFromTheShadedJar() {
        JarProcess help = JarProcess.run(Map.of(), "--help");
        assertEquals(0, help.exitCode(), help.describe());
        assertTrue(help.out().startsWith("Usage: randomuser-etl "), help.describe());
        assertTrue(help.out().contains("quarantine") && help.out().contains("backfill"), help.describe());
        assertEquals("", help.err(), "no warnings from logging or the JVM");

        JarProcess version = JarProcess.run(Map.of(), "--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().matches("(?s)randomuser-etl \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n.*"), version.describe());
    }

    @Test
    void aWrongSettingExitsTwoWithOneLineNamingIt() {
        JarProcess p = JarProcess.run(Map.of("ETL_DB_URL", "postgres://db/etl", "ETL_DB_USER", "etl"), "run");
        assertEquals(2, p.exitCode(), p.describe());
        assertEquals("ETL_DB_URL must be a JDBC URL such as jdbc:postgresql://HOST:5432/DATABASE?sslmode=require, got \"postgres://db/etl\"\n",
                p.err(), p.describe());
        assertEquals("", p.out());
    }

    @Test
    void anUnreachableDatabaseExitsThreeWithOneLineAndNoPassword() {
        int port = JarProcess.freePort();
        JarProcess p = JarProcess.run(Map.of("ETL_DB_URL", "jdbc:postgresql://127.0.0.1:" + port + "/etl", "ETL_DB_USER", "etl",
                "ETL_DB_PASSWORD", "hunter2-secret"), "migrate");
        assertEquals(3, p.exitCode(), p.describe());
        String[] lines = p.err().split("\n");
        assertEquals(1, lines.length, p.describe());
        assertTrue(lines[0].startsWith("cannot connect to PostgreSQL at 127.0.0.1:" + port + "/etl"), p.describe());
        assertFalse(p.err().contains("hunter2"), p.describe());
    }

    @Test
    void serveWaitsForAMissingDatabaseAliveButNotReadyAndStillStopsCleanly() {
        int port = JarProcess.freePort();
        int dbPort = JarProcess.freePort();
        try (JarProcess serve = JarProcess.start(Map.of("ETL_DB_URL", "jdbc:postgresql://127.0.0.1:" + dbPort + "/etl",
                "ETL_DB_USER", "etl", "ETL_HTTP_PORT", Integer.toString(port)), "serve")) {
            JarProcess.await("the health endpoint", Duration.ofSeconds(30), () -> E2e.status(port, "/health/live") == 200, serve::describe);
            HttpResponse<String> ready = JarProcess.get(port, "/health/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("\"database\":\"down: "), ready.body());
            JarProcess.await("a retry", Duration.ofSeconds(10), () -> serve.logLines("database unavailable, retrying") >= 1, serve::describe);
            serve.sigterm();
            assertEquals(0, serve.awaitExit(Duration.ofSeconds(10)), serve.describe());
        }
    }
}

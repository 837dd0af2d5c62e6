package io.github.randomuseretl.runner.scheduler.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.adapter.postgres.PostgresDatabase;
import io.github.randomuseretl.adapter.postgres.PostgresMigrations;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.testing.ExternalTool;
import io.github.randomuseretl.core.testing.TestDatabase;
import io.github.randomuseretl.runner.scheduler.wiring.SchedulerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * deploy/postgres/grafana-reader.psql, the read-only role compose's Grafana logs in as, run by the real
 * psql against a real database: before the schema exists (a fresh volume, where it races migrate) and
 * after (a volume migrated before the script existed), twice (every {@code up} runs it). The role
 * reads every table and view the owner's migrations create, and can write nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GrafanaReaderRoleIT {

    private static final String SCRIPT = "deploy/postgres/grafana-reader.psql";
    private static final String SUFFIX = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
    private static final String OWNER = "etl_owner_" + SUFFIX;
    private static final String READER = "grafana_" + SUFFIX;
    private static final String OWNER_PASSWORD = "owner-pw-" + SUFFIX;

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static Path psql;

    @BeforeAll
    static void ownerRole() throws SQLException {
        psql = ExternalTool.require("psql", "ETL_REQUIRE_PSQL", "apt-get install postgresql-client, version 15 or later");
        try (Connection c = DB.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + OWNER + " LOGIN PASSWORD '" + OWNER_PASSWORD + "'");
            st.execute("GRANT CREATE ON DATABASE " + DB.databaseName() + " TO " + OWNER);
        }
    }

    @AfterAll
    static void dropRoles() throws SQLException {
        try (Connection c = DB.connect(); Statement st = c.createStatement()) {
            for (String role : List.of(READER, OWNER)) {
                try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + role + "'")) {
                    if (!rs.next()) {
                        continue;
                    }
                }
                // Revokes its privileges here and on the database, and drops what it owns, so the role can go.
                st.execute("DROP OWNED BY " + role + " CASCADE");
                st.execute("DROP ROLE " + role);
            }
        }
    }

    @Test
    @Order(1)
    void onAFreshDatabaseTheReaderReadsWhatMigrateCreatesAfterwards() throws SQLException {
        assertEquals(0, reader("first-password").exitCode());
        migrate("before_script_ran_no");
        try (Connection c = connectAsReader("first-password"); Statement st = c.createStatement()) {
            assertReads(st, "before_script_ran_no");
        }
    }

    @Test
    @Order(2)
    void onAnAlreadyMigratedDatabaseARerunGrantsWhatExistsAndAppliesANewPassword() throws SQLException {
        migrate("migrated_first");
        ExternalTool.Result again = reader("second-password");
        assertEquals(0, again.exitCode(), again.output());
        assertTrue(again.output().contains("role " + READER + " reads what " + OWNER + " owns"), again.output());
        try (Connection c = connectAsReader("second-password"); Statement st = c.createStatement()) {
            assertReads(st, "migrated_first");
            assertReads(st, "before_script_ran_no");
        }
    }

    @Test
    @Order(3)
    void theReaderCanWriteNothingEvenWhenItLeavesReadOnlyMode() throws SQLException {
        try (Connection c = connectAsReader("second-password"); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT rolsuper, current_user FROM pg_roles WHERE rolname = current_user")) {
                assertTrue(rs.next());
                assertFalse(rs.getBoolean(1), "the reader is no superuser");
                assertNotEquals(OWNER, rs.getString(2), "Grafana does not read as the schema's owner");
            }
            SQLException readOnly = assertThrows(SQLException.class,
                    () -> st.executeUpdate("DELETE FROM migrated_first.etl_runs"));
            assertEquals("25006", readOnly.getSQLState(), "read-only by default: " + readOnly.getMessage());
            st.execute("SET default_transaction_read_only = off");
            for (String write : List.of("DELETE FROM migrated_first.etl_runs", "CREATE TABLE migrated_first.x (a int)",
                    "CREATE SCHEMA grafana_own", "TRUNCATE migrated_first.users")) {
                SQLException denied = assertThrows(SQLException.class, () -> st.execute(write), write);
                assertEquals("42501", denied.getSQLState(), write + ": " + denied.getMessage());
            }
        }
    }

    @Test
    @Order(4)
    void theScriptRefusesToMakeTheOwnerTheReader() {
        Map<String, String> env = psqlEnv();
        env.put("SCHEMA_OWNER", OWNER);
        env.put("GRAFANA_DB_USER", OWNER);
        env.put("GRAFANA_DB_PASSWORD", "x");
        ExternalTool.Result r = runScript(env);
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("GRAFANA_DB_USER must not be the schema owner"), r.output());
    }

    private static void assertReads(Statement st, String schema) throws SQLException {
        // The core tables, the views, and the star schema the dashboard's business panels read.
        for (String relation : List.of("users", "users_history", "etl_runs", "quarantine", "users_by_country", "run_health_per_hour",
                "quarantine_reasons", "dim_user", "dim_date", "dim_nationality", "fact_registration", "fact_run")) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + schema + "." + relation)) {
                assertTrue(rs.next(), schema + "." + relation);
            }
        }
    }

    /** Migrates a schema as the owner role, as compose's migrate service does. */
    private static void migrate(String schema) {
        Map<String, String> env = new HashMap<>();
        env.put("ETL_DB_URL", DB.jdbcUrl());
        env.put("ETL_DB_USER", OWNER);
        env.put("ETL_DB_PASSWORD", OWNER_PASSWORD);
        env.put("ETL_DB_SCHEMA", schema);
        env.put("ETL_DB_POOL_SIZE", "1");
        SchedulerConfig config = SchedulerConfig.from(Settings.of(env));
        try (PostgresDatabase db = PostgresDatabase.pooled(config.database())) {
            new PostgresMigrations(db).migrate();
        }
    }

    private static ExternalTool.Result reader(String password) {
        Map<String, String> env = psqlEnv();
        env.put("SCHEMA_OWNER", OWNER);
        env.put("GRAFANA_DB_USER", READER);
        env.put("GRAFANA_DB_PASSWORD", password);
        ExternalTool.Result r = runScript(env);
        assertEquals(0, r.exitCode(), "psql -f " + SCRIPT + ":\n" + r.output());
        return r;
    }

    private static ExternalTool.Result runScript(Map<String, String> env) {
        return ExternalTool.run(List.of(psql.toString(), "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-f", RepoFiles.path(SCRIPT).toString()),
                RepoFiles.root(), env, Duration.ofMinutes(1));
    }

    /** libpq's variables for this class's database, logged in as the test's (administrative) user. */
    private static Map<String, String> psqlEnv() {
        URI uri = URI.create(DB.jdbcUrl().substring("jdbc:".length()));
        Map<String, String> env = new HashMap<>();
        env.put("PGHOST", uri.getHost());
        env.put("PGPORT", Integer.toString(uri.getPort() < 0 ? 5432 : uri.getPort()));
        env.put("PGDATABASE", DB.databaseName());
        env.put("PGUSER", DB.user());
        env.put("PGPASSWORD", DB.password());
        return env;
    }

    private static Connection connectAsReader(String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", READER);
        p.setProperty("password", password);
        return DriverManager.getConnection(DB.jdbcUrl(), p);
    }
}

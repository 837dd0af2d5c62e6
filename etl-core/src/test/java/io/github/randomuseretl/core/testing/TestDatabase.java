package io.github.randomuseretl.core.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A fresh PostgreSQL database for one test class, dropped after it.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestDatabase DB = new TestDatabase();
 * ... DB.jdbcUrl(), DB.user(), DB.password(), DB.connect()
 * }</pre>
 *
 * <p>The server, one per test JVM, is the first of:
 * <ol>
 *   <li>{@code ETL_TEST_DB_URL}: a JDBC URL of a database the tests may use to create and drop others,
 *       e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres} (CI sets it);</li>
 *   <li>Testcontainers, when a Docker engine is reachable;</li>
 *   <li>an embedded PostgreSQL (binaries from a Maven Central jar), started on first use in a temporary
 *       directory and stopped when the JVM exits, so {@code ./mvnw verify} needs nothing but a JDK.</li>
 * </ol>
 * PostgreSQL refuses to run as root. As root, the embedded server still runs where Linux user
 * namespaces let it drop root ({@code unshare -U}); where they do not, the test fails with one line
 * saying so and what to do: a silent skip would hide that nothing was tested.
 */
public final class TestDatabase implements BeforeAllCallback, AfterAllCallback {

    /** The environment variable naming the server the tests use; it comes before Docker and the embedded server. */
    public static final String ENV = "ETL_TEST_DB_URL";

    private static Server server;

    private String database;
    private String jdbcUrl;

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        create(context.getRequiredTestClass().getSimpleName());
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        drop();
    }

    /**
     * Creates the database; {@link #beforeAll} calls it, other code (benchmarks, smoke tests) may too.
     *
     * @param owner a name for the database's prefix, such as the test class
     * @throws SQLException if the server refuses
     */
    public void create(String owner) throws SQLException {
        Server s = server();
        String prefix = owner.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (prefix.length() > 40) {
            prefix = prefix.substring(0, 40);
        }
        database = "etl_" + prefix + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        try (Connection c = s.connectAdmin(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database);
        }
        jdbcUrl = s.urlFor(database);
    }

    /**
     * Drops the database, ending any session still connected to it.
     *
     * @throws SQLException if the server refuses
     */
    public void drop() throws SQLException {
        if (database == null) {
            return;
        }
        try (Connection c = server().connectAdmin(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } finally {
            database = null;
        }
    }

    /** @return the JDBC URL of this class's database, without credentials */
    public String jdbcUrl() {
        if (jdbcUrl == null) {
            throw new IllegalStateException("TestDatabase is not created: register it with @RegisterExtension on a static field");
        }
        return jdbcUrl;
    }

    /** @return the database's name */
    public String databaseName() {
        jdbcUrl();
        return database;
    }

    /** @return the user to connect as */
    public String user() {
        return server().user;
    }

    /** @return the password to connect with (may be empty) */
    public String password() {
        return server().password;
    }

    /**
     * @return a new connection to this class's database; the caller closes it
     * @throws SQLException if the server refuses
     */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), server().credentials());
    }

    /**
     * @return a new connection to the server's admin database (for {@code pg_terminate_backend} and the like)
     * @throws SQLException if the server refuses
     */
    public Connection connectAdmin() throws SQLException {
        return server().connectAdmin();
    }

    private static synchronized Server server() {
        if (server == null) {
            server = findServer();
        }
        return server;
    }

    private static Server findServer() {
        String url = System.getenv(ENV);
        if (url != null && !url.isBlank()) {
            return Server.fromUrl(url.strip());
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
            container.start();
            // One container for the whole JVM; Testcontainers' Ryuk removes it when the JVM exits.
            return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        return embedded();
    }

    /** One embedded server for this JVM; its own shutdown hook stops it and deletes its directory at exit. */
    private static Server embedded() {
        if (isRoot() && !LinuxUtils.isUnshareAvailable()) {
            throw new IllegalStateException("No PostgreSQL for tests: running as root, the embedded PostgreSQL cannot start "
                    + "(PostgreSQL refuses root and this system offers no user namespace to drop it); run the build as a regular "
                    + "user, start a Docker engine, or set " + ENV + "=jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                    .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new Server("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres", "postgres", "");
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("No PostgreSQL for tests: the embedded PostgreSQL did not start (" + e
                    + "); start a Docker engine or set " + ENV + "=jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres", e);
        }
    }

    /** @return true if this JVM runs as uid 0 (PostgreSQL's initdb refuses that) */
    static boolean isRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (RuntimeException | LinkageError e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** A PostgreSQL server: its admin URL (no credentials) and the credentials. */
    private static final class Server {
        private final String adminUrl;
        private final String user;
        private final String password;

        Server(String adminUrl, String user, String password) {
            this.adminUrl = adminUrl;
            this.user = user;
            this.password = password == null ? "" : password;
        }

        /** Splits user and password out of the query, so they are never part of a URL we hand out. */
        static Server fromUrl(String url) {
            if (!url.startsWith("jdbc:postgresql://")) {
                throw new IllegalStateException(ENV + " must be a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
            }
            int q = url.indexOf('?');
            String base = q < 0 ? url : url.substring(0, q);
            String user = System.getProperty("user.name");
            String password = "";
            List<String> kept = new ArrayList<>();
            if (q >= 0) {
                for (String pair : url.substring(q + 1).split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    String key = eq < 0 ? pair : pair.substring(0, eq);
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    if (key.equals("user")) {
                        user = value;
                    } else if (key.equals("password")) {
                        password = value;
                    } else {
                        kept.add(pair);
                    }
                }
            }
            return new Server(kept.isEmpty() ? base : base + "?" + String.join("&", kept), user, password);
        }

        Properties credentials() {
            Properties p = new Properties();
            p.setProperty("user", user);
            p.setProperty("password", password);
            return p;
        }

        Connection connectAdmin() throws SQLException {
            return DriverManager.getConnection(adminUrl, credentials());
        }

        /** The admin URL with its database path replaced. */
        String urlFor(String database) {
            int hostStart = "jdbc:postgresql://".length();
            int slash = adminUrl.indexOf('/', hostStart);
            int q = adminUrl.indexOf('?');
            String hostPart = slash < 0 ? (q < 0 ? adminUrl : adminUrl.substring(0, q)) : adminUrl.substring(0, slash);
            String query = q < 0 ? "" : adminUrl.substring(q);
            return hostPart + "/" + database + query;
        }
    }
}

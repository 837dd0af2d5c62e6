package io.github.randomuseretl.adapter.postgres;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import io.github.randomuseretl.core.port.SinkException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections to one database, in the shape a runner needs (each a {@link ConnectionStrategy}):
 * <ul>
 *   <li>{@link #pooled} for the long-running scheduler: a HikariCP pool of at most
 *       {@link PostgresSettings#poolSize()} connections, checked once when it is made; its statistics
 *       can go to a metrics library through HikariCP's own {@link MetricsTrackerFactory};</li>
 *   <li>{@link #singleConnection} for AWS Lambda: one connection, opened on first use and checked
 *       ({@link Connection#isValid}) before every use, reopened if the server dropped it.</li>
 * </ul>
 *
 * <p>Nothing here leaves session state behind that would pin a connection behind a pooling proxy such
 * as RDS Proxy once a run is over: every statement names its schema, the slot lock is
 * transaction-scoped and statement bounds are {@code SET LOCAL}. A run in flight does hold session
 * state on purpose: its lease (a session-level advisory lock, see {@link PostgresUserSink}) pins its
 * one connection for the run's duration, and is released with it. (The driver sends no {@code SET} of
 * its own at connect time on PostgreSQL 12 and later; Flyway's migrations do, which is one reason to
 * run {@code migrate} directly against the database.)
 *
 * <p>{@link #suspend()} closes every physical connection (a CRaC checkpoint must hold no socket); the
 * next use opens new ones. Thread-safe.
 */
public final class PostgresDatabase implements AutoCloseable {

    static final String APPLICATION_NAME = "randomuser-etl";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresDatabase.class);
    private static final String CONNECT_TIMEOUT_SECONDS = "10";

    private final PostgresSettings settings;
    private final Properties driverProperties;
    private final ConnectionStrategy connections;
    private final DataSource facade = new Facade();
    private final Jdbi jdbi;
    private boolean closed;

    /** @param strategy makes the connection strategy from the driver's properties and a physical-connection opener */
    private PostgresDatabase(PostgresSettings settings, Function<PostgresDatabase, ConnectionStrategy> strategy) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.driverProperties = driverProperties(settings);
        this.connections = strategy.apply(this);
        this.jdbi = Jdbi.create(facade).installPlugin(new SqlObjectPlugin()).define("schema", quote(settings.schema()));
        jdbi.registerArrayType(Long.class, "bigint");
        jdbi.registerArrayType(java.util.UUID.class, "uuid");
    }

    /**
     * A pool for a long-running process. Connects once before returning, so a wrong URL, an unreachable
     * server or a refused login stops start-up with one line.
     *
     * @param settings where and how
     * @return the pooled database
     * @throws DatabaseUnavailableException if the database cannot be reached or refuses the login
     */
    public static PostgresDatabase pooled(PostgresSettings settings) {
        return pooled(settings, null);
    }

    /**
     * A pool for a long-running process, as {@link #pooled(PostgresSettings)}, that reports its
     * statistics (connections active, idle, pending, acquire and usage times, timeouts) to
     * {@code poolMetrics}. HikariCP's own metrics SPI keeps this adapter free of any metrics library:
     * a runner that uses Micrometer passes {@code new MicrometerMetricsTrackerFactory(registry)}, which
     * HikariCP ships, and gets the usual {@code hikaricp_*} series, tagged with the pool's name.
     *
     * @param settings    where and how
     * @param poolMetrics where the pool reports, or {@code null} for nowhere
     * @return the pooled database
     * @throws DatabaseUnavailableException if the database cannot be reached or refuses the login
     */
    public static PostgresDatabase pooled(PostgresSettings settings, MetricsTrackerFactory poolMetrics) {
        PostgresDatabase db = new PostgresDatabase(settings, d -> new PooledConnections(settings, d.driverProperties, poolMetrics));
        try {
            db.openPhysical().close();
            LOG.debug("connected to {}", settings.describe());
        } catch (SQLException e) {
            throw db.unavailable(e);
        }
        return db;
    }

    /**
     * One lazily opened connection, for AWS Lambda. Nothing is opened until the first use.
     *
     * @param settings where and how
     * @return the database
     */
    public static PostgresDatabase singleConnection(PostgresSettings settings) {
        return new PostgresDatabase(settings, d -> new SingleConnection(d::openPhysical));
    }

    /** @return the settings this database was made from */
    public PostgresSettings settings() {
        return settings;
    }

    /**
     * The connections, for code that needs plain JDBC. Stays the same object across {@link #suspend()}.
     *
     * @return the data source; closing a connection returns it
     */
    public DataSource dataSource() {
        return facade;
    }

    /**
     * Opens (if needed) and uses a connection.
     *
     * @throws DatabaseUnavailableException if the database cannot be reached or refuses the login
     */
    public void check() {
        try (Connection c = facade.getConnection(); Statement st = c.createStatement()) {
            st.execute("SELECT 1");
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * Closes every physical connection, e.g. before a CRaC checkpoint. The next use reopens them.
     */
    public void suspend() {
        connections.closeAll();
    }

    /**
     * Reconnects after {@link #suspend()} and checks the connection, e.g. after a CRaC restore.
     *
     * @throws DatabaseUnavailableException if the database cannot be reached
     */
    public void resume() {
        check();
    }

    /** Closes every connection for good. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        connections.closeAll();
    }

    /** @return one line for logs; never a credential */
    public String describe() {
        return settings.describe() + " " + connections.describe();
    }

    @Override
    public String toString() {
        return "PostgresDatabase[" + describe() + "]";
    }

    Jdbi jdbi() {
        return jdbi;
    }

    /**
     * Closes a connection for good instead of returning it for reuse: it may hold session state (a
     * run's lease) that could not be cleared.
     *
     * @param connection a connection this database handed out, in use
     */
    void evict(Connection connection) {
        try {
            connections.evict(connection);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("evicting a connection failed: {}", e.toString());
        }
    }

    /**
     * Fresh physical connections, each closed by its user: for Flyway, which needs more than one
     * connection at a time and leaves session state (search_path, a session lock) on what it uses.
     *
     * @return a data source that opens a new connection per call
     */
    DataSource unpooled() {
        return new Unpooled();
    }

    String schema() {
        return settings.schema();
    }

    /**
     * The schema as it goes into SQL text: always quoted, so a name that is also a reserved word
     * ({@code order}, {@code user}) works like any other. Settings allow only lower-case letters, digits
     * and {@code _}, so quoting never changes which schema is meant.
     *
     * @return e.g. {@code "randomuser"}
     */
    String quotedSchema() {
        return quote(settings.schema());
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * @param e a failure to connect
     * @return the one-line exception runners print
     */
    DatabaseUnavailableException unavailable(Throwable e) {
        return new DatabaseUnavailableException("cannot connect to PostgreSQL at " + settings.hostAndDatabase() + ": "
                + scrub(SqlErrors.describe(e)), e);
    }

    /**
     * Runs {@code body} in one READ COMMITTED transaction and reports the first failure inside it (not
     * the failed rollback that often follows on a lost connection).
     *
     * @param what what is being done, for the message
     * @param body the unit of work
     * @param <T>  the result
     * @return the result
     * @throws SinkException if anything failed; the transaction is rolled back
     */
    <T> T inTransaction(String what, HandleCallback<T, Exception> body) {
        AtomicReference<Exception> first = new AtomicReference<>();
        try {
            return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, h -> {
                try {
                    return body.withHandle(h);
                } catch (Exception e) {
                    first.compareAndSet(null, e);
                    throw e;
                }
            });
        } catch (Exception e) {
            throw failure(what, first.get() != null ? first.get() : e);
        }
    }

    /**
     * @param what what was being done
     * @param e    what went wrong
     * @return a one-line, secret-free exception: {@link DatabaseUnavailableException} if the connection
     *         could not be had or was lost, the sink's own exception as it is, else a {@link SinkException}
     */
    SinkException failure(String what, Throwable e) {
        if (e instanceof SinkException s && !SqlErrors.isConnectionFailure(e)) {
            return s;
        }
        String reason = scrub(SqlErrors.describe(e));
        if (SqlErrors.isConnectionFailure(e)) {
            return new DatabaseUnavailableException(what + ": PostgreSQL at " + settings.hostAndDatabase() + " is unavailable: " + reason, e);
        }
        return new SinkException(what + ": " + reason, e);
    }

    /** Removes the password from a text, in case a driver message ever echoes it. */
    String scrub(String text) {
        String password = settings.password();
        if (text == null || password == null || password.length() < 3) {
            return text;
        }
        return text.replace(password, "***");
    }

    private Connection openPhysical() throws SQLException {
        Connection c = new org.postgresql.Driver().connect(settings.driverUrl(), driverProperties);
        if (c == null) {
            throw new SQLException("the PostgreSQL driver does not accept the URL " + settings.redactedUrl(), "08001");
        }
        return c;
    }

    private static Properties driverProperties(PostgresSettings settings) {
        Properties p = new Properties();
        settings.secretOptions().forEach(p::setProperty);
        p.setProperty("user", settings.user());
        if (settings.password() != null) {
            p.setProperty("password", settings.password());
        }
        String query = settings.url().contains("?") ? settings.url().substring(settings.url().indexOf('?') + 1).toLowerCase(Locale.ROOT) : "";
        if (!("&" + query).contains("&applicationname=")) {
            p.setProperty("ApplicationName", APPLICATION_NAME);
        }
        if (!("&" + query).contains("&connecttimeout=")) {
            p.setProperty("connectTimeout", CONNECT_TIMEOUT_SECONDS);
        }
        // Otherwise the driver puts bound values (personal data) into batch errors and server DETAIL
        // lines into messages, and from there into logs and the ledger's error column.
        if (!("&" + query).contains("&logservererrordetail=")) {
            p.setProperty("logServerErrorDetail", "false");
        }
        return p;
    }

    /** Hands out the strategy's connections, so JDBI and callers keep one object across suspend(). */
    private final class Facade extends DataSourceDefaults {
        @Override
        public Connection getConnection() throws SQLException {
            synchronized (PostgresDatabase.this) {
                if (closed) {
                    throw new SQLException("the database handle is closed", "08003");
                }
            }
            return connections.getConnection();
        }
    }

    /** A new physical connection per call. */
    private final class Unpooled extends DataSourceDefaults {
        @Override
        public Connection getConnection() throws SQLException {
            synchronized (PostgresDatabase.this) {
                if (closed) {
                    throw new SQLException("the database handle is closed", "08003");
                }
            }
            return openPhysical();
        }
    }
}

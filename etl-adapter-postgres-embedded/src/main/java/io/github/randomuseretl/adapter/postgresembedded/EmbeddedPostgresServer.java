package io.github.randomuseretl.adapter.postgresembedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server whose data lives in {@link EmbeddedPostgresSettings#dataDir()}, shared by every
 * process of this program that uses the same directory at the same time.
 *
 * <p>{@link #open} starts the server (creating the cluster and the {@code randomuser} database the first
 * time), or joins it when another process already runs it: {@code serve} in one terminal and
 * {@code runs} in another use one server, never two servers on one directory (which would corrupt it).
 * {@link #close} stops the server only when no other process uses it any more; otherwise the last one
 * to leave stops it. Two lock files in the data directory make this safe across processes:
 * {@code .control.lock} (held while the server is started or stopped) and {@code .users.lock} (held
 * shared by every process that uses the server). The kernel drops a killed process's locks, so a
 * process killed with SIGKILL leaves at worst a running server that the next one joins and stops.
 *
 * <p>The server listens on 127.0.0.1 only and trusts every connection from it (no password): it is for
 * trying the job on one's own machine. {@code fsync} and synchronous commits stay on, so data kept
 * between runs survives a crash of the machine.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Duration READY_WAIT = Duration.ofSeconds(30);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final EmbeddedPostgresSettings settings;
    private final FileChannel control;
    private final FileChannel users;
    private FileLock usersLock;
    private EmbeddedPostgres started;
    private final boolean joined;
    private boolean closed;

    private EmbeddedPostgresServer(EmbeddedPostgresSettings settings, FileChannel control, FileChannel users, FileLock usersLock,
            EmbeddedPostgres started) {
        this.settings = settings;
        this.control = control;
        this.users = users;
        this.usersLock = usersLock;
        this.started = started;
        this.joined = started == null;
    }

    /**
     * Starts the server of the data directory, or joins it if another process runs it.
     *
     * @param settings where the data is and the port
     * @return the running server; close it when done
     * @throws EmbeddedPostgresException with one line saying why it cannot, and what to do
     */
    public static EmbeddedPostgresServer open(EmbeddedPostgresSettings settings) {
        Objects.requireNonNull(settings, "settings");
        if (isRoot() && !LinuxUtils.isUnshareAvailable()) {
            throw new EmbeddedPostgresException("the embedded PostgreSQL cannot run as root: PostgreSQL refuses to, and this "
                    + "system offers no user namespace to drop root; run randomuser-etl as a regular user, or set ETL_DB_URL to a "
                    + "PostgreSQL server");
        }
        Path dir = settings.dataDir();
        FileChannel control = null;
        FileChannel users = null;
        try {
            Files.createDirectories(dir);
            control = FileChannel.open(dir.resolve(".control.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            // READ too: a shared lock needs a readable channel.
            users = FileChannel.open(dir.resolve(".users.lock"), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (AccessDeniedException e) {
            closeQuietly(control);
            throw new EmbeddedPostgresException("ETL_DATA_DIR " + dir + " cannot be written by this user (" + e.getFile()
                    + "): choose a directory you own with ETL_DATA_DIR", e);
        } catch (IOException e) {
            closeQuietly(control);
            closeQuietly(users);
            throw new EmbeddedPostgresException("ETL_DATA_DIR " + dir + " cannot be used: " + e, e);
        }
        try (FileLock ignored = control.lock()) {
            FileLock shared = users.lock(0, Long.MAX_VALUE, true);
            try {
                Optional<Integer> running = runningPort(settings);
                EmbeddedPostgres pg = null;
                if (running.isPresent()) {
                    if (running.get() != settings.port()) {
                        throw new EmbeddedPostgresException("the embedded PostgreSQL of " + dir + " is already running on port "
                                + running.get() + " for another randomuser-etl process, not on ETL_DATA_PORT " + settings.port()
                                + ": set ETL_DATA_PORT=" + running.get() + " or stop that process");
                    }
                    LOG.debug("joining the embedded PostgreSQL of {} on port {}", dir, settings.port());
                } else {
                    pg = start(settings);
                }
                return new EmbeddedPostgresServer(settings, control, users, shared, pg);
            } catch (RuntimeException e) {
                shared.release();
                throw e;
            }
        } catch (IOException e) {
            closeQuietly(control);
            closeQuietly(users);
            throw new EmbeddedPostgresException("cannot lock ETL_DATA_DIR " + dir + ": " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(control);
            closeQuietly(users);
            throw e;
        }
    }

    /** @return the settings */
    public EmbeddedPostgresSettings settings() {
        return settings;
    }

    /** @return the JDBC URL of the job's database (user in the URL, no password) */
    public String jdbcUrl() {
        return settings.jdbcUrl();
    }

    /** @return true if another process had started the server and this one joined it */
    public boolean joined() {
        return joined;
    }

    /**
     * @return one line for a person: where the data is, how to look at it, how to use another server
     */
    public String describe() {
        return "embedded PostgreSQL " + (joined ? "(already running for another randomuser-etl process) " : "")
                + "with its data in " + settings.dataDir() + "; look inside with: " + settings.psql()
                + "; set ETL_DB_URL to use your own PostgreSQL server instead";
    }

    /**
     * Stops the server if no other process uses it, else leaves it to the last one. Close the
     * connections to it first.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (FileLock ignored = control.lock()) {
            usersLock.release();
            usersLock = null;
            FileLock alone = users.tryLock(0, Long.MAX_VALUE, false);
            if (alone == null) {
                LOG.debug("the embedded PostgreSQL of {} is still used by another process; leaving it running", settings.dataDir());
            } else {
                try {
                    stop();
                } finally {
                    alone.release();
                }
            }
        } catch (IOException e) {
            LOG.warn("could not stop the embedded PostgreSQL of {} cleanly: {}", settings.dataDir(), e.toString());
        } finally {
            closeQuietly(users);
            closeQuietly(control);
        }
    }

    private void stop() throws IOException {
        if (started != null) {
            // pg_ctl stop -m fast -w, and zonky's own lock on the cluster released.
            started.close();
            started = null;
            return;
        }
        // Started by a process that has gone since: stop it through its postmaster's PID (SIGTERM: a
        // smart shutdown, and no session is left).
        Optional<PostmasterPid> pid = PostmasterPid.read(settings.clusterDir());
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> postmaster = ProcessHandle.of(pid.get().pid());
        if (postmaster.isEmpty()) {
            return;
        }
        postmaster.get().destroy();
        try {
            postmaster.get().onExit().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("the embedded PostgreSQL (pid {}) did not stop within {}s", pid.get().pid(), STOP_WAIT.toSeconds());
        }
    }

    /** The port of the server running on this data directory, if one answers. */
    private static Optional<Integer> runningPort(EmbeddedPostgresSettings settings) {
        Optional<PostmasterPid> pid = PostmasterPid.read(settings.clusterDir());
        // A postmaster.pid left by a crash names a process that is gone (or no server answers its port).
        if (pid.isEmpty() || !ProcessHandle.of(pid.get().pid()).map(ProcessHandle::isAlive).orElse(false)) {
            return Optional.empty();
        }
        int port = pid.get().port();
        if (!answers(port, "postgres")) {
            return Optional.empty();
        }
        return Optional.of(port);
    }

    private static EmbeddedPostgres start(EmbeddedPostgresSettings settings) {
        if (!portFree(settings.port())) {
            throw new EmbeddedPostgresException("port " + settings.port() + " on 127.0.0.1 is taken by another program: set "
                    + "ETL_DATA_PORT to a free port for the embedded PostgreSQL");
        }
        Path cluster = settings.clusterDir();
        boolean fresh = !Files.exists(cluster.resolve("postgresql.conf"));
        EmbeddedPostgres pg;
        try {
            Files.createDirectories(cluster);
            ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(settings.logFile().toFile());
            pg = EmbeddedPostgres.builder()
                    .setDataDirectory(cluster)
                    .setCleanDataDirectory(false)
                    // This program decides when to stop it: not while another process still uses it.
                    .setRegisterShutdownHook(false)
                    .setPort(settings.port())
                    .setOutputRedirector(log)
                    .setErrorRedirector(log)
                    .setPGStartupWait(READY_WAIT)
                    .setLocaleConfig("locale", "C")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // zonky's test defaults trade durability for speed; data kept between runs must survive a crash.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "50")
                    .start();
        } catch (IOException | RuntimeException | ExceptionInInitializerError e) {
            throw new EmbeddedPostgresException("the embedded PostgreSQL in " + settings.dataDir() + " did not start: "
                    + reason(settings, e) + "; see " + settings.logFile(), e);
        }
        try {
            createDatabase(settings.port());
        } catch (SQLException e) {
            closeQuietly(pg);
            throw new EmbeddedPostgresException("the embedded PostgreSQL in " + settings.dataDir() + " started but the "
                    + EmbeddedPostgresSettings.DATABASE + " database could not be created: " + e.getMessage(), e);
        }
        LOG.debug("embedded PostgreSQL {} in {} on port {}", fresh ? "created" : "started", settings.dataDir(), settings.port());
        return pg;
    }

    private static void createDatabase(int port) throws SQLException {
        try (Connection c = connect(port, "postgres");
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, EmbeddedPostgresSettings.DATABASE);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE \"" + EmbeddedPostgresSettings.DATABASE + "\"");
            }
        }
    }

    private static boolean answers(int port, String database) {
        try (Connection c = connect(port, database); Statement st = c.createStatement()) {
            st.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static Connection connect(int port, String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", EmbeddedPostgresSettings.USER);
        p.setProperty("connectTimeout", "5");
        p.setProperty("ApplicationName", "randomuser-etl");
        Connection c = new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:" + port + "/" + database, p);
        if (c == null) {
            throw new SQLException("driver refused the URL");
        }
        return c;
    }

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The last meaningful line of the server's log, else the exception. */
    private static String reason(EmbeddedPostgresSettings settings, Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        try {
            if (Files.isRegularFile(settings.logFile())) {
                List<String> lines = Files.readAllLines(settings.logFile(), StandardCharsets.UTF_8);
                for (int i = lines.size() - 1; i >= 0 && i >= lines.size() - 20; i--) {
                    String line = lines.get(i).strip();
                    if (line.contains("FATAL") || line.startsWith("initdb: error") || line.contains("could not")) {
                        return line;
                    }
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // fall back to the exception
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }

    private static boolean isRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (RuntimeException | LinkageError e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // best effort on the way out
        }
    }

    /**
     * The first lines of a cluster's {@code postmaster.pid}: the postmaster's PID and its port.
     *
     * @param pid  the postmaster's process id
     * @param port its port
     */
    record PostmasterPid(long pid, int port) {

        static Optional<PostmasterPid> read(Path cluster) {
            Path file = cluster.resolve("postmaster.pid");
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (lines.size() < 4) {
                    return Optional.empty();
                }
                return Optional.of(new PostmasterPid(Long.parseLong(lines.get(0).strip()), Integer.parseInt(lines.get(3).strip())));
            } catch (IOException | NumberFormatException e) {
                return Optional.empty();
            }
        }
    }
}

package io.github.randomuseretl.adapter.postgresembedded;

import io.github.randomuseretl.core.config.InvalidSettingException;
import io.github.randomuseretl.core.config.Settings;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the embedded PostgreSQL keeps its data and where it listens, read and checked once at start-up.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code ETL_DATA_DIR}</td><td>{@code ./randomuser-etl-data}</td><td>the directory holding the
 *       database; kept between runs</td></tr>
 *   <tr><td>{@code ETL_DATA_PORT}</td><td>{@code 54329}</td><td>the port it listens on, on 127.0.0.1 only;
 *       fixed, so {@code psql} finds it at the same place every time</td></tr>
 * </table>
 *
 * @param dataDir the data directory, absolute
 * @param port    the port on 127.0.0.1
 */
public record EmbeddedPostgresSettings(Path dataDir, int port) {

    /** The default data directory, relative to the working directory. */
    public static final String DEFAULT_DATA_DIR = "./randomuser-etl-data";
    /** The default port: far from PostgreSQL's 5432 and compose's 5433. */
    public static final int DEFAULT_PORT = 54329;
    /** The database the job uses inside the embedded server. */
    public static final String DATABASE = "randomuser";
    /** The embedded server's superuser, the role the job logs in as. */
    public static final String USER = "postgres";

    /** Checks the values. */
    public EmbeddedPostgresSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        if (!dataDir.isAbsolute()) {
            throw new IllegalArgumentException("dataDir must be absolute");
        }
        if (port < 1024 || port > 65_535) {
            throw new IllegalArgumentException("port must be from 1024 to 65535");
        }
    }

    /**
     * Reads the settings above.
     *
     * @param s the settings
     * @return the checked settings
     * @throws InvalidSettingException naming the wrong setting
     */
    public static EmbeddedPostgresSettings from(Settings s) {
        String dir = s.string("ETL_DATA_DIR", DEFAULT_DATA_DIR);
        Path path;
        try {
            if (dir.isBlank()) {
                throw new InvalidPathException(dir, "empty");
            }
            path = Path.of(dir).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new InvalidSettingException("ETL_DATA_DIR", "a directory path", dir);
        }
        int port = s.integer("ETL_DATA_PORT", DEFAULT_PORT, 1024, 65_535);
        return new EmbeddedPostgresSettings(path, port);
    }

    /** @return the PostgreSQL cluster's own directory inside the data directory */
    Path clusterDir() {
        return dataDir.resolve("postgres");
    }

    /** @return the server's log file: initdb's and the server's output */
    Path logFile() {
        return dataDir.resolve("postgres.log");
    }

    /** @return the JDBC URL of the job's database, with the user but no password (the server trusts 127.0.0.1) */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE + "?user=" + USER;
    }

    /** @return the command line that opens psql on the job's database */
    public String psql() {
        return "psql -h 127.0.0.1 -p " + port + " -U " + USER + " " + DATABASE;
    }
}

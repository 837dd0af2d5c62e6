package io.github.randomuseretl.adapter.postgresembedded;

import io.github.randomuseretl.core.config.InvalidSettingException;
import io.github.randomuseretl.core.config.Setting;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.config.Use;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where the embedded PostgreSQL keeps its data and where it listens, read and checked once at start-up.
 * Each setting is described once, in {@link #SETTINGS}.
 *
 * @param dataDir the data directory, absolute
 * @param port    the port on 127.0.0.1
 */
public record EmbeddedPostgresSettings(Path dataDir, int port) {

    /** The database the job uses inside the embedded server. */
    public static final String DATABASE = "randomuser";
    /** The embedded server's superuser, the role the job logs in as. */
    public static final String USER = "postgres";

    /** {@code ETL_DATA_DIR}. */
    public static final Setting<Path> DATA_DIR = Setting.named("ETL_DATA_DIR")
            .means("without ETL_DB_URL: the directory the embedded PostgreSQL keeps its data in, between runs")
            .usedFor(Use.RUN, Use.INSPECT, Use.MIGRATE)
            .parsed(Path.of("randomuser-etl-data").toAbsolutePath(), "./randomuser-etl-data", "a directory path",
                    text -> Path.of(text).toAbsolutePath().normalize());

    /** {@code ETL_DATA_PORT}: far from PostgreSQL's 5432 and compose's 5433 by default. */
    public static final Setting<Integer> DATA_PORT = Setting.named("ETL_DATA_PORT")
            .means("without ETL_DB_URL: the embedded PostgreSQL's port, on 127.0.0.1 only; fixed, so psql finds it every time")
            .usedFor(Use.RUN, Use.INSPECT, Use.MIGRATE)
            .integer(54329, 1024, 65_535);

    /** Every setting of the embedded server. */
    public static final List<Setting<?>> SETTINGS = List.of(DATA_DIR, DATA_PORT);

    /** Checks the values. */
    public EmbeddedPostgresSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        if (!dataDir.isAbsolute()) {
            throw new IllegalArgumentException("dataDir must be absolute");
        }
        port = DATA_PORT.check(port);
    }

    /**
     * Reads the settings above.
     *
     * @param s the settings
     * @return the checked settings
     * @throws InvalidSettingException naming the wrong setting
     */
    public static EmbeddedPostgresSettings from(Settings s) {
        return new EmbeddedPostgresSettings(DATA_DIR.read(s), DATA_PORT.read(s));
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

package io.github.randomuseretl.runner.scheduler.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The flags that override environment variables, shared by every command. Each flag sets the
 * setting of the same meaning ({@code --db-url} is {@code ETL_DB_URL}); {@code --set NAME=VALUE} sets
 * any other.
 */
final class SettingsFlags {

    @Option(names = "--db-url", paramLabel = "URL", description = "ETL_DB_URL: JDBC URL of the database (default: the embedded one in ETL_DATA_DIR)")
    String dbUrl;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "ETL_DATA_DIR: without ETL_DB_URL, where the embedded database keeps its data (default ./randomuser-etl-data)")
    String dataDir;

    @Option(names = "--db-user", paramLabel = "ROLE", description = "ETL_DB_USER: database role")
    String dbUser;

    @Option(names = "--db-password", paramLabel = "PASSWORD", description = "ETL_DB_PASSWORD (visible to other local users in the process list: prefer --db-password-file)")
    String dbPassword;

    @Option(names = "--db-password-file", paramLabel = "FILE", description = "ETL_DB_PASSWORD_FILE: file holding the password")
    String dbPasswordFile;

    @Option(names = "--db-schema", paramLabel = "SCHEMA", description = "ETL_DB_SCHEMA (default randomuser)")
    String dbSchema;

    @Option(names = "--retention-days", paramLabel = "DAYS", description = "ETL_RETENTION_DAYS (default 30)")
    String retentionDays;

    @Option(names = "--source-url", paramLabel = "URL", description = "ETL_SOURCE_URL (default https://randomuser.me)")
    String sourceUrl;

    @Option(names = "--api-version", paramLabel = "VERSION", description = "ETL_API_VERSION: 1.4 (default) or 1.3")
    String apiVersion;

    @Option(names = "--users-per-run", paramLabel = "N", description = "ETL_USERS_PER_RUN (default 100)")
    String usersPerRun;

    @Option(names = "--nationalities", paramLabel = "CODES", description = "ETL_NATIONALITIES: e.g. GB,FR (default all)")
    String nationalities;

    @Option(names = "--seed-mode", paramLabel = "MODE", description = "ETL_SEED_MODE: slot (default) or random")
    String seedMode;

    @Option(names = "--run-timeout", paramLabel = "DURATION", description = "ETL_RUN_TIMEOUT (default 50s)")
    String runTimeout;

    @Option(names = "--max-reject-ratio", paramLabel = "RATIO", description = "ETL_MAX_REJECT_RATIO: 0 to 1 (default: no gate)")
    String maxRejectRatio;

    @Option(names = "--schedule", paramLabel = "SCHEDULE", description = "ETL_SCHEDULE: \"every 1m\" (default) or a cron expression")
    String schedule;

    @Option(names = "--catch-up", paramLabel = "DURATION", description = "ETL_CATCH_UP: how far back serve heals slots without a success (default 1h, 0 for off)")
    String catchUp;

    @Option(names = "--source-budget", paramLabel = "USERS/WINDOW", description = "ETL_SOURCE_BUDGET (default 20000/5m)")
    String sourceBudget;

    @Option(names = "--http-port", paramLabel = "PORT", description = "ETL_HTTP_PORT (default 8080, 0 for none)")
    String httpPort;

    @Option(names = "--http-bind", paramLabel = "ADDRESS", description = "ETL_HTTP_BIND (default 0.0.0.0; 127.0.0.1 for this host only)")
    String httpBind;

    @Option(names = "--ready-max-age", paramLabel = "DURATION", description = "ETL_READY_MAX_AGE (default 5m)")
    String readyMaxAge;

    @Option(names = "--shutdown-grace", paramLabel = "DURATION", description = "ETL_SHUTDOWN_GRACE (default 30s)")
    String shutdownGrace;

    @Option(names = "--log-format", paramLabel = "FORMAT", description = "ETL_LOG_FORMAT: text (default) or json")
    String logFormat;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "ETL_LOG_LEVEL (default info)")
    String logLevel;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "any setting, e.g. --set ETL_SOURCE_MAX_RETRIES=5 (repeatable)")
    Map<String, String> set = new LinkedHashMap<>();

    /** @return the settings given on the command line, by environment name */
    Map<String, String> values() {
        Map<String, String> v = new LinkedHashMap<>(set);
        put(v, "ETL_DB_URL", dbUrl);
        put(v, "ETL_DATA_DIR", dataDir);
        put(v, "ETL_DB_USER", dbUser);
        put(v, "ETL_DB_PASSWORD", dbPassword);
        put(v, "ETL_DB_PASSWORD_FILE", dbPasswordFile);
        put(v, "ETL_DB_SCHEMA", dbSchema);
        put(v, "ETL_RETENTION_DAYS", retentionDays);
        put(v, "ETL_SOURCE_URL", sourceUrl);
        put(v, "ETL_API_VERSION", apiVersion);
        put(v, "ETL_USERS_PER_RUN", usersPerRun);
        put(v, "ETL_NATIONALITIES", nationalities);
        put(v, "ETL_SEED_MODE", seedMode);
        put(v, "ETL_RUN_TIMEOUT", runTimeout);
        put(v, "ETL_MAX_REJECT_RATIO", maxRejectRatio);
        put(v, "ETL_SCHEDULE", schedule);
        put(v, "ETL_CATCH_UP", catchUp);
        put(v, "ETL_SOURCE_BUDGET", sourceBudget);
        put(v, "ETL_HTTP_PORT", httpPort);
        put(v, "ETL_HTTP_BIND", httpBind);
        put(v, "ETL_READY_MAX_AGE", readyMaxAge);
        put(v, "ETL_SHUTDOWN_GRACE", shutdownGrace);
        put(v, "ETL_LOG_FORMAT", logFormat);
        put(v, "ETL_LOG_LEVEL", logLevel);
        return v;
    }

    private static void put(Map<String, String> v, String name, String value) {
        if (value != null) {
            v.put(name, value);
        }
    }
}

package io.github.randomuseretl.runner.scheduler.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every setting the scheduler reads, with its default and meaning, in the order {@code config} prints
 * them. The parsing lives with each setting's owner (core, adapters, this runner); this list is what
 * operators see.
 */
public final class KnownSettings {

    /**
     * One setting.
     *
     * @param name         the environment variable
     * @param flag         the command-line flag that overrides it, or {@code null}
     * @param defaultValue the default as text ({@code "required"} or {@code "unset"} when there is none)
     * @param meaning      what it does
     */
    public record Setting(String name, String flag, String defaultValue, String meaning) {

        /** Checks presence. */
        public Setting {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(defaultValue, "defaultValue");
            Objects.requireNonNull(meaning, "meaning");
        }
    }

    /** Every setting, grouped by owner. */
    public static final List<Setting> ALL = List.of(
            new Setting("ETL_DB_URL", "--db-url", "unset: the embedded database", "JDBC URL: jdbc:postgresql://HOST[:PORT]/DATABASE[?options]; "
                    + "unset, every command uses an embedded PostgreSQL kept in ETL_DATA_DIR"),
            new Setting("ETL_DATA_DIR", "--data-dir", "./randomuser-etl-data", "without ETL_DB_URL: the directory the embedded PostgreSQL "
                    + "keeps its data in, between runs"),
            new Setting("ETL_DATA_PORT", null, "54329", "without ETL_DB_URL: the embedded PostgreSQL's port on 127.0.0.1 (1024-65535)"),
            new Setting("ETL_DB_USER", "--db-user", "user= in ETL_DB_URL", "the database role to log in as"),
            new Setting("ETL_DB_PASSWORD", "--db-password", "password= in ETL_DB_URL, or none", "the role's password (prefer ETL_DB_PASSWORD_FILE)"),
            new Setting("ETL_DB_PASSWORD_FILE", "--db-password-file", "unset", "a file holding the password (Docker/Kubernetes secrets)"),
            new Setting("ETL_DB_SCHEMA", "--db-schema", "randomuser", "schema of every table and view"),
            new Setting("ETL_DB_POOL_SIZE", null, "4", "most database connections the process opens"),
            new Setting("ETL_RETENTION_DAYS", "--retention-days", "30", "prune deletes runs and quarantine rows older than this (1-3650)"),
            new Setting("ETL_SOURCE_URL", "--source-url", "https://randomuser.me", "base URL of the randomuser.me API"),
            new Setting("ETL_API_VERSION", "--api-version", "1.4", "API version in the request path: 1.4 or 1.3"),
            new Setting("ETL_USERS_PER_RUN", "--users-per-run", "100", "users fetched per run, 1-100000 (above 5000: several pages)"),
            new Setting("ETL_NATIONALITIES", "--nationalities", "all", "comma list of nationality codes (e.g. GB,FR), or LEGO alone"),
            new Setting("ETL_SEED_MODE", "--seed-mode", "slot", "slot: seed derived from the slot, a retried slot fetches the same users; random: new users every run"),
            new Setting("ETL_SEED_PREFIX", null, "randomuser-etl", "text before the slot in a slot seed"),
            new Setting("ETL_SOURCE_CONNECT_TIMEOUT", null, "5s", "connect timeout to the API (100ms-1m)"),
            new Setting("ETL_SOURCE_REQUEST_TIMEOUT", null, "30s", "timeout of one whole request (100ms-10m)"),
            new Setting("ETL_SOURCE_MAX_RETRIES", null, "3", "retries per page on connection errors, timeouts, 5xx and a 429 with Retry-After (0-10); a 429 without one is never retried"),
            new Setting("ETL_SOURCE_MAX_BYTES", null, "64MiB", "cap on one response's size (1KiB-1GiB)"),
            new Setting("ETL_SOURCE_INC", null, "unset", "the API's inc field list; must keep name, email, login and nat"),
            new Setting("ETL_SOURCE_EXC", null, "unset", "the API's exc field list; must keep name, email, login and nat"),
            new Setting("ETL_KEEP_PASSWORD_HASH", null, "false", "keep each user's salted SHA-256 password digest (never the password)"),
            new Setting("ETL_PIPELINE_NAME", null, "randomuser", "name that scopes slots in the run ledger"),
            new Setting("ETL_RUN_TIMEOUT", "--run-timeout", "50s", "deadline of a run after its start (1s-1h)"),
            new Setting("ETL_MAX_REJECT_RATIO", "--max-reject-ratio", "unset (no gate)", "largest share of rejected records (0-1); above it the run fails and loads no user"),
            new Setting("ETL_VALIDATION_THREADS", null, "number of processors", "threads validating records while the source fetches (1-64; 1: on the fetching thread)"),
            of(io.github.randomuseretl.core.pipeline.PipelineSettings.SOURCE_BUDGET),
            of(io.github.randomuseretl.core.catchup.CatchUpSettings.SCHEDULE),
            of(io.github.randomuseretl.core.catchup.CatchUpSettings.CATCH_UP),
            new Setting("ETL_HTTP_PORT", "--http-port", "8080", "port of /health/live, /health/ready and /metrics while serving; 0 for none"),
            new Setting("ETL_HTTP_BIND", "--http-bind", "0.0.0.0", "address the health and metrics port is bound to: 0.0.0.0 every IPv4 interface (containers), 127.0.0.1 this host only, :: every interface"),
            new Setting("ETL_READY_MAX_AGE", "--ready-max-age", "5m", "/health/ready fails when the last successful run is older (1s-7d)"),
            new Setting("ETL_SHUTDOWN_GRACE", "--shutdown-grace", "30s", "on SIGTERM, how long the run in flight may take to finish (0s-10m)"),
            new Setting("ETL_LOG_FORMAT", "--log-format", "text", "log lines on stderr: text or json"),
            new Setting("ETL_LOG_LEVEL", "--log-level", "info", "level of this program's loggers: trace, debug, info, warn, error"));

    private KnownSettings() {
    }

    /** A setting the core describes itself: its name, flag, default and meaning, stated once there. */
    private static Setting of(io.github.randomuseretl.core.config.Setting<?> s) {
        return new Setting(s.name(), s.flag(), s.defaultText(), s.meaning());
    }

    /**
     * @param name an environment variable
     * @return the setting of that name, if the scheduler knows it
     */
    public static Optional<Setting> find(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}

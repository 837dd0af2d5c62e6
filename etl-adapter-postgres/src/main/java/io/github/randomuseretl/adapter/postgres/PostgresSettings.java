package io.github.randomuseretl.adapter.postgres;

import io.github.randomuseretl.core.config.InvalidSettingException;
import io.github.randomuseretl.core.config.Settings;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the database is and how to use it, read and checked once at start-up.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code ETL_DB_URL}</td><td>required</td><td>{@code jdbc:postgresql://HOST[:PORT]/DATABASE[?options]};
 *       driver options such as {@code sslmode} pass through to the driver</td></tr>
 *   <tr><td>{@code ETL_DB_USER}</td><td>{@code user} in the URL</td><td>the role to log in as (required in one place)</td></tr>
 *   <tr><td>{@code ETL_DB_PASSWORD} / {@code ETL_DB_PASSWORD_FILE}</td><td>{@code password} in the URL, or none</td>
 *       <td>the password, directly or in a file</td></tr>
 *   <tr><td>{@code ETL_DB_SCHEMA}</td><td>{@code randomuser}</td><td>schema of every table and view</td></tr>
 *   <tr><td>{@code ETL_RETENTION_DAYS}</td><td>{@code 30}</td><td>age after which runs and quarantine rows are pruned</td></tr>
 *   <tr><td>{@code ETL_DB_POOL_SIZE}</td><td>{@code 4}</td><td>most connections the pooled mode opens</td></tr>
 * </table>
 *
 * <p>A {@code user} or {@code password} in the URL's query is taken out of the URL and kept in
 * {@link #user()} and {@link #password()}, so the URL handed to the driver and to the pool carries no
 * credential. {@link #toString()}, {@link #describe()} and {@link #redactedUrl()} never show the
 * password, nor any option whose name suggests a secret ({@code sslpassword} and the like).
 *
 * @param url       the JDBC URL without user and password
 * @param user      the role to log in as
 * @param password  the password, or {@code null} (trust, peer or certificate authentication)
 * @param schema    the schema, a lower-case SQL identifier
 * @param retention how long runs and quarantine rows are kept
 * @param poolSize  the most connections the pooled mode opens
 */
public record PostgresSettings(String url, String user, String password, String schema, Duration retention, int poolSize) {

    /** The default schema. */
    public static final String DEFAULT_SCHEMA = "randomuser";
    /** The default retention in days. */
    public static final int DEFAULT_RETENTION_DAYS = 30;
    /** The default pool size. */
    public static final int DEFAULT_POOL_SIZE = 4;

    private static final String PREFIX = "jdbc:postgresql://";
    private static final String URL_SHAPE = "a JDBC URL such as jdbc:postgresql://HOST:5432/DATABASE?sslmode=require";
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern SECRET_OPTION = Pattern.compile("(?i).*(password|passwd|pwd|secret|token|key).*");

    /** Checks every value; never echoes the password. */
    public PostgresSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(retention, "retention");
        Parsed.of(url);
        String query = url.indexOf('?') < 0 ? "" : url.substring(url.indexOf('?') + 1);
        for (String pair : query.split("&")) {
            String key = pair.indexOf('=') < 0 ? pair : pair.substring(0, pair.indexOf('='));
            if (key.equals("user") || key.equals("password")) {
                throw new IllegalArgumentException("url must not carry " + key + "; use from(Settings) to split it out");
            }
        }
        if (user.isBlank()) {
            throw new IllegalArgumentException("user must not be blank");
        }
        if (!SCHEMA.matcher(schema).matches() || schema.startsWith("pg_")) {
            throw new IllegalArgumentException("schema must be a lower-case SQL identifier not starting with pg_");
        }
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be 1 or more");
        }
    }

    /**
     * Reads the settings above.
     *
     * @param s the settings
     * @return the checked settings
     * @throws InvalidSettingException naming the first wrong or missing setting
     */
    public static PostgresSettings from(Settings s) {
        String rawUrl = s.required("ETL_DB_URL", URL_SHAPE);
        Parsed parsed = Parsed.of(rawUrl);
        String user = pick("ETL_DB_USER", s.optional("ETL_DB_USER"), parsed.user, parsed.redacted(), false)
                .orElseThrow(() -> new InvalidSettingException("ETL_DB_USER", "the role to log in as (or user=... in ETL_DB_URL)", null));
        String password = pick("ETL_DB_PASSWORD", s.secret("ETL_DB_PASSWORD"), parsed.password, parsed.redacted(), true).orElse(null);
        String schema = s.parsed("ETL_DB_SCHEMA", "a lower-case SQL identifier: a letter or _, then letters, digits or _ (at most 63), not starting with pg_",
                text -> {
                    if (!SCHEMA.matcher(text).matches() || text.startsWith("pg_")) {
                        throw new IllegalArgumentException(text);
                    }
                    return text;
                }).orElse(DEFAULT_SCHEMA);
        int days = s.integer("ETL_RETENTION_DAYS", DEFAULT_RETENTION_DAYS, 1, 3650);
        int pool = s.integer("ETL_DB_POOL_SIZE", DEFAULT_POOL_SIZE, 1, 64);
        return new PostgresSettings(parsed.cleanUrl, user, password, schema, Duration.ofDays(days), pool);
    }

    private static Optional<String> pick(String name, Optional<String> setting, String inUrl, String redactedUrl, boolean secret) {
        if (setting.isPresent() && inUrl != null) {
            throw new InvalidSettingException(name, "set in " + name + " or in ETL_DB_URL, not both", secret ? "***" : setting.get());
        }
        return setting.isPresent() ? setting : Optional.ofNullable(inUrl);
    }

    /** @return {@code HOST:PORT/DATABASE}, e.g. for error messages and logs */
    public String hostAndDatabase() {
        return Parsed.of(url).hostAndDatabase;
    }

    /** @return the URL with the value of every option whose name suggests a secret replaced by {@code ***} */
    public String redactedUrl() {
        return Parsed.of(url).redacted();
    }

    /**
     * @return the URL handed to the driver: without any option whose name suggests a secret (those go
     *         in {@link #secretOptions()}), because drivers and Flyway log the URL they connect to
     */
    String driverUrl() {
        int q = url.indexOf('?');
        if (q < 0) {
            return url;
        }
        List<String> kept = new ArrayList<>();
        for (String pair : url.substring(q + 1).split("&")) {
            String key = pair.indexOf('=') < 0 ? pair : pair.substring(0, pair.indexOf('='));
            if (!pair.isEmpty() && !SECRET_OPTION.matcher(key).matches()) {
                kept.add(pair);
            }
        }
        return kept.isEmpty() ? url.substring(0, q) : url.substring(0, q) + "?" + String.join("&", kept);
    }

    /** @return the URL's options whose names suggest a secret (e.g. {@code sslpassword}), decoded */
    java.util.Map<String, String> secretOptions() {
        java.util.Map<String, String> secrets = new java.util.LinkedHashMap<>();
        int q = url.indexOf('?');
        if (q >= 0) {
            for (String pair : url.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && SECRET_OPTION.matcher(pair.substring(0, eq)).matches()) {
                    secrets.put(pair.substring(0, eq), Parsed.decode(pair.substring(eq + 1)));
                }
            }
        }
        return secrets;
    }

    /** @return one line for logs: where, which schema, which pool size; never a credential */
    public String describe() {
        return "PostgreSQL " + hostAndDatabase() + " (schema " + schema + ", pool " + poolSize + ", retention " + retention.toDays() + "d)";
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "PostgresSettings[url=" + redactedUrl() + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                + ", schema=" + schema + ", retention=" + retention + ", poolSize=" + poolSize + "]";
    }

    /** A URL split into its parts; user and password taken out of the query. */
    private static final class Parsed {
        final String cleanUrl;
        final String hostAndDatabase;
        final String user;
        final String password;

        private Parsed(String cleanUrl, String hostAndDatabase, String user, String password) {
            this.cleanUrl = cleanUrl;
            this.hostAndDatabase = hostAndDatabase;
            this.user = user;
            this.password = password;
        }

        static Parsed of(String url) {
            if (!url.startsWith(PREFIX)) {
                throw new InvalidSettingException("ETL_DB_URL", URL_SHAPE, redact(url));
            }
            int q = url.indexOf('?');
            String base = q < 0 ? url : url.substring(0, q);
            String rest = base.substring(PREFIX.length());
            int slash = rest.indexOf('/');
            String hosts = slash < 0 ? rest : rest.substring(0, slash);
            String database = slash < 0 ? "" : rest.substring(slash + 1);
            if (hosts.isEmpty() || hosts.contains("@") || database.isEmpty() || database.contains("/")) {
                // user:password@host is not a pgjdbc URL; say so without echoing what may be a password.
                throw new InvalidSettingException("ETL_DB_URL", URL_SHAPE + " (credentials go in ETL_DB_USER and ETL_DB_PASSWORD)", redact(url));
            }
            List<String> withPorts = new ArrayList<>();
            for (String h : hosts.split(",")) {
                if (h.isBlank()) {
                    throw new InvalidSettingException("ETL_DB_URL", URL_SHAPE, redact(url));
                }
                boolean hasPort = h.startsWith("[") ? h.contains("]:") : h.contains(":");
                withPorts.add(hasPort ? h : h + ":5432");
            }
            String user = null;
            String password = null;
            List<String> kept = new ArrayList<>();
            if (q >= 0) {
                for (String pair : url.substring(q + 1).split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    String key = eq < 0 ? pair : pair.substring(0, eq);
                    String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                    if (key.equals("user")) {
                        user = value.isBlank() ? null : value;
                    } else if (key.equals("password")) {
                        password = value.isEmpty() ? null : value;
                    } else {
                        kept.add(pair);
                    }
                }
            }
            String clean = kept.isEmpty() ? base : base + "?" + String.join("&", kept);
            return new Parsed(clean, String.join(",", withPorts) + "/" + database, user, password);
        }

        String redacted() {
            return redact(cleanUrl);
        }

        static String decode(String text) {
            try {
                return URLDecoder.decode(text, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return text;
            }
        }

        /** Masks every option value whose name suggests a secret; also user and password. */
        static String redact(String url) {
            int q = url.indexOf('?');
            String base = q < 0 ? url : url.substring(0, q);
            int at = base.indexOf('@');
            if (at >= 0 && base.startsWith(PREFIX)) {
                base = PREFIX + "***@" + base.substring(at + 1);
            }
            if (q < 0) {
                return base;
            }
            List<String> pairs = new ArrayList<>();
            for (String pair : url.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                if (eq >= 0 && (SECRET_OPTION.matcher(key).matches() || key.toLowerCase(Locale.ROOT).equals("user"))) {
                    pairs.add(key + "=***");
                } else {
                    pairs.add(pair);
                }
            }
            return base + "?" + String.join("&", pairs);
        }
    }
}

package io.github.randomuseretl.adapter.postgres;

import io.github.randomuseretl.core.config.InvalidSettingException;
import io.github.randomuseretl.core.config.Setting;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.config.Use;
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
 * Where the database is and how to use it, read and checked once at start-up. Each setting is described
 * once, in {@link #SETTINGS}.
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

    private static final String PREFIX = "jdbc:postgresql://";
    private static final String URL_SHAPE = "a JDBC URL such as jdbc:postgresql://HOST:5432/DATABASE?sslmode=require";
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern SECRET_OPTION = Pattern.compile("(?i).*(password|passwd|pwd|secret|token|key).*");

    /** {@code ETL_DB_URL}. */
    public static final Setting<String> DB_URL = Setting.named("ETL_DB_URL")
            .means("where the database is: jdbc:postgresql://HOST[:PORT][,HOST2...]/DATABASE[?options]; driver options such "
                    + "as sslmode pass through, user= and password= are taken out, user:password@host is refused")
            .usedFor(Use.RUN, Use.INSPECT, Use.MIGRATE)
            .custom("required", URL_SHAPE, (s, name) -> {
                String url = s.required(name, URL_SHAPE);
                Parsed.of(url);
                return url;
            });

    /** {@code ETL_DB_USER}. */
    public static final Setting<Optional<String>> DB_USER = Setting.named("ETL_DB_USER")
            .means("the database role to log in as; set here or as user= in ETL_DB_URL, not both")
            .usedFor(Use.RUN, Use.INSPECT, Use.MIGRATE)
            .shownDefault("user= in ETL_DB_URL")
            .optionalTextOr(DB_URL.name(), s -> Optional.ofNullable(Parsed.of(DB_URL.read(s)).user()));

    /** {@code ETL_DB_PASSWORD}. */
    public static final Setting<Optional<String>> DB_PASSWORD = Setting.named("ETL_DB_PASSWORD")
            .means("the role's password; set here, in its file or as password= in ETL_DB_URL, in one place only")
            .usedFor(Use.RUN, Use.INSPECT, Use.MIGRATE)
            .secret()
            .shownDefault("password= in ETL_DB_URL, or none")
            .optionalTextOr(DB_URL.name(), s -> Optional.ofNullable(Parsed.of(DB_URL.read(s)).password()));

    /** {@code ETL_DB_SCHEMA}. */
    public static final Setting<String> DB_SCHEMA = Setting.named("ETL_DB_SCHEMA")
            .means("schema of every table and view")
            .usedFor(Use.RUN, Use.INSPECT, Use.MIGRATE)
            .parsed("randomuser", "randomuser",
                    "a lower-case SQL identifier: a letter or _, then letters, digits or _ (at most 63), not starting with pg_",
                    text -> {
                        if (!SCHEMA.matcher(text).matches() || text.startsWith("pg_")) {
                            throw new IllegalArgumentException(text);
                        }
                        return text;
                    });

    /** {@code ETL_DB_POOL_SIZE}. */
    public static final Setting<Integer> DB_POOL_SIZE = Setting.named("ETL_DB_POOL_SIZE")
            .means("most database connections the process opens (the Lambda opens one)")
            .usedFor(Use.RUN, Use.INSPECT, Use.MIGRATE)
            .integer(4, 1, 64);

    /** {@code ETL_RETENTION_DAYS}. */
    public static final Setting<Integer> RETENTION_DAYS = Setting.named("ETL_RETENTION_DAYS")
            .means("prune deletes runs and quarantined records older than this many days; users and their history stay")
            .usedFor(Use.INSPECT)
            .integer(30, 1, 3650);

    /** Every setting of the database, in the order they are documented. */
    public static final List<Setting<?>> SETTINGS = List.of(DB_URL, DB_USER, DB_PASSWORD, DB_SCHEMA, DB_POOL_SIZE, RETENTION_DAYS);

    /** Checks every value with its setting; never echoes the password. */
    public PostgresSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Parsed parsed = Parsed.of(url);
        if (!parsed.cleanUrl().equals(url)) {
            throw new IllegalArgumentException("url must not carry user or password; use from(Settings) to split them out");
        }
        if (user.isBlank()) {
            throw new IllegalArgumentException("user must not be blank");
        }
        schema = DB_SCHEMA.check(schema);
        Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive");
        }
        poolSize = DB_POOL_SIZE.check(poolSize);
    }

    /**
     * Reads the settings above.
     *
     * @param s the settings
     * @return the checked settings
     * @throws InvalidSettingException naming the first wrong or missing setting
     */
    public static PostgresSettings from(Settings s) {
        Parsed parsed = Parsed.of(DB_URL.read(s));
        String user = DB_USER.read(s).orElseThrow(() -> new InvalidSettingException(DB_USER.name(),
                "the role to log in as (or user=... in " + DB_URL.name() + ")", null));
        return new PostgresSettings(parsed.cleanUrl(), user, DB_PASSWORD.read(s).orElse(null), DB_SCHEMA.read(s),
                Duration.ofDays(RETENTION_DAYS.read(s)), DB_POOL_SIZE.read(s));
    }

    /** @return {@code HOST:PORT/DATABASE}, e.g. for error messages and logs */
    public String hostAndDatabase() {
        return Parsed.of(url).hostAndDatabase();
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
    private record Parsed(String cleanUrl, String hostAndDatabase, String user, String password) {

        static Parsed of(String url) {
            if (!url.startsWith(PREFIX)) {
                throw new InvalidSettingException(DB_URL.name(), URL_SHAPE, redact(url));
            }
            int q = url.indexOf('?');
            String base = q < 0 ? url : url.substring(0, q);
            String rest = base.substring(PREFIX.length());
            int slash = rest.indexOf('/');
            String hosts = slash < 0 ? rest : rest.substring(0, slash);
            String database = slash < 0 ? "" : rest.substring(slash + 1);
            if (hosts.isEmpty() || hosts.contains("@") || database.isEmpty() || database.contains("/")) {
                // user:password@host is not a pgjdbc URL; say so without echoing what may be a password.
                throw new InvalidSettingException(DB_URL.name(), URL_SHAPE + " (credentials go in ETL_DB_USER and ETL_DB_PASSWORD)", redact(url));
            }
            List<String> withPorts = new ArrayList<>();
            for (String h : hosts.split(",")) {
                if (h.isBlank()) {
                    throw new InvalidSettingException(DB_URL.name(), URL_SHAPE, redact(url));
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

        /** Never the password. */
        @Override
        public String toString() {
            return redacted();
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

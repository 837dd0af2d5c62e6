package io.github.randomuseretl.adapter.randomuser;

import io.github.randomuseretl.core.config.InvalidSettingException;
import io.github.randomuseretl.core.config.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every setting of the randomuser.me source and validator, checked once at start-up. Both runners read
 * them from the same environment names with {@link #from(Settings)}; code builds them with
 * {@link #builder()}. A wrong value throws {@link InvalidSettingException} naming the environment
 * variable, also when it comes from the builder.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code ETL_SOURCE_URL}</td><td>{@code https://randomuser.me}</td><td>base URL, http or https, no credentials, query or fragment</td></tr>
 *   <tr><td>{@code ETL_API_VERSION}</td><td>{@code 1.4}</td><td>API version pinned in the path: 1.4 or 1.3</td></tr>
 *   <tr><td>{@code ETL_USERS_PER_RUN}</td><td>{@code 100}</td><td>users per run, 1 to 100000; above 5000 several pages of one seed</td></tr>
 *   <tr><td>{@code ETL_NATIONALITIES}</td><td>all</td><td>comma list of the version's codes, or {@code LEGO} alone</td></tr>
 *   <tr><td>{@code ETL_SEED_MODE}</td><td>{@code slot}</td><td>{@code slot}: seed = prefix-slot, a retried slot fetches the same users; {@code random}: new users every run</td></tr>
 *   <tr><td>{@code ETL_SEED_PREFIX}</td><td>{@code randomuser-etl}</td><td>1 to 64 of {@code A-Z a-z 0-9 . _ ~ -}</td></tr>
 *   <tr><td>{@code ETL_SOURCE_CONNECT_TIMEOUT}</td><td>{@code 5s}</td><td>TCP/TLS connect timeout, 100ms to 1m</td></tr>
 *   <tr><td>{@code ETL_SOURCE_REQUEST_TIMEOUT}</td><td>{@code 30s}</td><td>one whole request, headers and body, 100ms to 10m</td></tr>
 *   <tr><td>{@code ETL_SOURCE_MAX_RETRIES}</td><td>{@code 3}</td><td>retries per page on connection errors, timeouts, 429 and 5xx, 0 to 10</td></tr>
 *   <tr><td>{@code ETL_SOURCE_MAX_BYTES}</td><td>{@code 64MiB}</td><td>cap on one response's bytes (wire and decompressed), 1KiB to 1GiB</td></tr>
 *   <tr><td>{@code ETL_SOURCE_INC}, {@code ETL_SOURCE_EXC}</td><td>unset</td><td>the API's {@code inc}/{@code exc} field lists (names of {@link #RECORD_FIELDS}); none may remove one of {@link #REQUIRED_FIELDS}</td></tr>
 *   <tr><td>{@code ETL_KEEP_PASSWORD_HASH}</td><td>{@code false}</td><td>keep the salted SHA-256 digest (never the password)</td></tr>
 * </table>
 *
 * @param baseUrl            the API's base URL, without a trailing slash
 * @param apiVersion         the API version in the request path
 * @param usersPerRun        users fetched per run
 * @param maxPageSize        the largest page requested, 1 to 5000 (the API's maximum); code only, for tests
 * @param nationalities      requested nationality codes, upper case; empty for all
 * @param seedMode           how each run's seed is chosen
 * @param seedPrefix         the text before the slot in a slot seed
 * @param connectTimeout     connect timeout
 * @param requestTimeout     timeout of one whole request
 * @param maxRetries         retries per page
 * @param maxResponseBytes   cap on one response's bytes
 * @param include            the API's {@code inc} list, lower case; empty to leave it out
 * @param exclude            the API's {@code exc} list, lower case; empty to leave it out
 * @param keepPasswordHash   whether accepted users keep their salted SHA-256 password digest
 * @param initialBackoff     the first retry's base delay (doubled per retry, with jitter); code only
 * @param maxBackoff         the longest delay between two attempts, unless the server asks for more; code only
 */
public record RandomUserSettings(
        URI baseUrl,
        ApiVersion apiVersion,
        int usersPerRun,
        int maxPageSize,
        List<String> nationalities,
        SeedMode seedMode,
        String seedPrefix,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxRetries,
        long maxResponseBytes,
        List<String> include,
        List<String> exclude,
        boolean keepPasswordHash,
        Duration initialBackoff,
        Duration maxBackoff) {

    /** The API's largest page. */
    public static final int API_MAX_RESULTS = 5000;
    /** The most users one run may ask for. */
    public static final int MAX_USERS_PER_RUN = 100_000;
    /** Every top-level field of a record: the names the API's {@code inc} and {@code exc} understand. */
    public static final List<String> RECORD_FIELDS = List.of("gender", "name", "location", "email", "login", "registered",
            "dob", "phone", "cell", "id", "picture", "nat");
    /**
     * The top-level fields the contract requires, because the core user cannot be without them; the
     * others of {@link #RECORD_FIELDS} may be left out and map to {@code null}.
     */
    public static final List<String> REQUIRED_FIELDS = List.of("name", "email", "login", "nat");

    static final String URL = "ETL_SOURCE_URL";
    static final String VERSION = "ETL_API_VERSION";
    static final String USERS = "ETL_USERS_PER_RUN";
    static final String NATIONALITIES = "ETL_NATIONALITIES";
    static final String SEED_MODE = "ETL_SEED_MODE";
    static final String SEED_PREFIX = "ETL_SEED_PREFIX";
    static final String CONNECT_TIMEOUT = "ETL_SOURCE_CONNECT_TIMEOUT";
    static final String REQUEST_TIMEOUT = "ETL_SOURCE_REQUEST_TIMEOUT";
    static final String MAX_RETRIES = "ETL_SOURCE_MAX_RETRIES";
    static final String MAX_BYTES = "ETL_SOURCE_MAX_BYTES";
    static final String INC = "ETL_SOURCE_INC";
    static final String EXC = "ETL_SOURCE_EXC";
    static final String KEEP_HASH = "ETL_KEEP_PASSWORD_HASH";

    private static final Pattern SEED_PREFIX_TEXT = Pattern.compile("[A-Za-z0-9._~-]{1,64}");
    private static final Pattern BYTES = Pattern.compile("(\\d{1,13})\\s*([a-z]*)");
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    private static final long KIB = 1024;
    private static final long MIB = KIB * 1024;
    private static final long GIB = MIB * 1024;

    /** The defaults: randomuser.me, version 1.4, 100 users, all nationalities, slot seeds. */
    public static final RandomUserSettings DEFAULTS = new Builder().build();

    /** How a run's seed is chosen. */
    public enum SeedMode {
        /** {@code prefix-slot}: a retried slot fetches exactly the same users. */
        SLOT,
        /** A new random seed per fetch: new users every run, also when a slot is retried. */
        RANDOM
    }

    /** Checks every value; see the class description for the ranges. */
    public RandomUserSettings {
        Objects.requireNonNull(baseUrl, URL);
        baseUrl = checkBaseUrl(baseUrl.toString());
        if (apiVersion == null) {
            throw new InvalidSettingException(VERSION, "one of 1.3, 1.4", null);
        }
        if (usersPerRun < 1 || usersPerRun > MAX_USERS_PER_RUN) {
            throw new InvalidSettingException(USERS, "a whole number from 1 to " + MAX_USERS_PER_RUN, String.valueOf(usersPerRun));
        }
        if (maxPageSize < 1 || maxPageSize > API_MAX_RESULTS) {
            throw new IllegalArgumentException("maxPageSize must be from 1 to " + API_MAX_RESULTS + ", got " + maxPageSize);
        }
        if ((usersPerRun + (long) maxPageSize - 1) / maxPageSize > 10_000) {
            // The API resets any page above 10000 to page 1, which would repeat users.
            throw new IllegalArgumentException("usersPerRun / maxPageSize must need at most 10000 pages");
        }
        nationalities = checkNationalities(nationalities, apiVersion);
        if (seedMode == null) {
            throw new InvalidSettingException(SEED_MODE, "one of random, slot", null);
        }
        if (seedPrefix == null || !SEED_PREFIX_TEXT.matcher(seedPrefix).matches()) {
            throw new InvalidSettingException(SEED_PREFIX, "1 to 64 of A-Z a-z 0-9 . _ ~ -", seedPrefix);
        }
        checkRange(CONNECT_TIMEOUT, connectTimeout, MIN_TIMEOUT, Duration.ofMinutes(1), "100ms to 1m");
        checkRange(REQUEST_TIMEOUT, requestTimeout, MIN_TIMEOUT, Duration.ofMinutes(10), "100ms to 10m");
        if (maxRetries < 0 || maxRetries > 10) {
            throw new InvalidSettingException(MAX_RETRIES, "a whole number from 0 to 10", String.valueOf(maxRetries));
        }
        if (maxResponseBytes < KIB || maxResponseBytes > GIB) {
            throw new InvalidSettingException(MAX_BYTES, "a size from 1KiB to 1GiB such as 64MiB", String.valueOf(maxResponseBytes));
        }
        include = checkFields(INC, include);
        exclude = checkFields(EXC, exclude);
        checkNothingRequiredRemoved(include, exclude);
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initialBackoff <= maxBackoff");
        }
    }

    /**
     * Reads and checks the settings from their environment names (see the class description).
     *
     * @param s the settings, typically the environment with flags laid over it
     * @return the checked settings
     * @throws InvalidSettingException naming the first wrong setting
     */
    public static RandomUserSettings from(Settings s) {
        Builder b = builder();
        s.optional(URL).ifPresent(text -> b.baseUrl(checkBaseUrl(text)));
        b.apiVersion(ApiVersion.parse(s.oneOf(VERSION, DEFAULTS.apiVersion.text(), ApiVersion.texts())));
        b.usersPerRun(s.integer(USERS, DEFAULTS.usersPerRun, 1, MAX_USERS_PER_RUN));
        b.nationalities(s.list(NATIONALITIES, List.of()));
        b.seedMode(SeedMode.valueOf(s.oneOf(SEED_MODE, "slot", Set.of("slot", "random")).toUpperCase(Locale.ROOT)));
        b.seedPrefix(s.string(SEED_PREFIX, DEFAULTS.seedPrefix));
        b.connectTimeout(s.duration(CONNECT_TIMEOUT, DEFAULTS.connectTimeout, MIN_TIMEOUT, Duration.ofMinutes(1)));
        b.requestTimeout(s.duration(REQUEST_TIMEOUT, DEFAULTS.requestTimeout, MIN_TIMEOUT, Duration.ofMinutes(10)));
        b.maxRetries(s.integer(MAX_RETRIES, DEFAULTS.maxRetries, 0, 10));
        b.maxResponseBytes(s.parsed(MAX_BYTES, "a size from 1KiB to 1GiB such as 64MiB", RandomUserSettings::parseBytes)
                .orElse(DEFAULTS.maxResponseBytes));
        b.include(s.list(INC, List.of()));
        b.exclude(s.list(EXC, List.of()));
        b.keepPasswordHash(Boolean.parseBoolean(s.oneOf(KEEP_HASH, "false", Set.of("true", "false"))));
        return b.build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these settings */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** @return users per requested page: the smaller of the users per run and the page cap */
    public int pageSize() {
        return Math.min(usersPerRun, maxPageSize);
    }

    /** @return pages per run */
    public int pages() {
        return (usersPerRun + pageSize() - 1) / pageSize();
    }

    /**
     * @param page from 1 to {@link #pages()}
     * @return the users requested on that page: the page size, less on the last page
     */
    public int resultsOnPage(int page) {
        int before = (page - 1) * pageSize();
        return Math.min(pageSize(), usersPerRun - before);
    }

    /** @return whether the run asks for the fictional LEGO nationality */
    public boolean lego() {
        return nationalities.equals(List.of(ApiVersion.LEGO));
    }

    /**
     * @param text e.g. {@code 67108864}, {@code 64MiB}, {@code 512k}, {@code 1g}; units are binary
     * @return bytes
     */
    static long parseBytes(String text) {
        Matcher m = BYTES.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(text);
        }
        long amount = Long.parseLong(m.group(1));
        long unit;
        switch (m.group(2)) {
            case "": case "b": unit = 1; break;
            case "k": case "kb": case "kib": unit = KIB; break;
            case "m": case "mb": case "mib": unit = MIB; break;
            case "g": case "gb": case "gib": unit = GIB; break;
            default: throw new IllegalArgumentException(text);
        }
        if (amount > GIB / unit) {
            throw new IllegalArgumentException(text);
        }
        long bytes = amount * unit;
        if (bytes < KIB) {
            throw new IllegalArgumentException(text);
        }
        return bytes;
    }

    /**
     * @param bytes a size
     * @return e.g. {@code 64 MiB}, {@code 16 KiB} or {@code 1000 bytes}
     */
    static String humanBytes(long bytes) {
        if (bytes % GIB == 0) {
            return bytes / GIB + " GiB";
        }
        if (bytes % MIB == 0) {
            return bytes / MIB + " MiB";
        }
        if (bytes % KIB == 0) {
            return bytes / KIB + " KiB";
        }
        return bytes + " bytes";
    }

    private static URI checkBaseUrl(String text) {
        String expected = "an absolute http or https URL without credentials, query or fragment, such as https://randomuser.me";
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(URL, expected, mask(text));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidSettingException(URL, expected, mask(text));
        }
        String s = uri.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s);
    }

    /** Hides user info so a password typed into the URL never reaches a log line. */
    private static String mask(String url) {
        return url.replaceAll("(?<=//)[^/@]*@", "***@");
    }

    private static List<String> checkNationalities(List<String> codes, ApiVersion version) {
        Objects.requireNonNull(codes, NATIONALITIES);
        Set<String> out = new LinkedHashSet<>();
        for (String code : codes) {
            out.add(code.strip().toUpperCase(Locale.ROOT));
        }
        String expected = "a comma list of " + String.join(" ", version.nationalities()) + " (API " + version.text()
                + "), or LEGO alone";
        for (String code : out) {
            if (!version.knows(code)) {
                throw new InvalidSettingException(NATIONALITIES, expected, String.join(",", codes));
            }
        }
        if (out.contains(ApiVersion.LEGO) && out.size() > 1) {
            // The API's lego switch overrides nat: mixing would silently return only LEGO users.
            throw new InvalidSettingException(NATIONALITIES, expected, String.join(",", codes));
        }
        return List.copyOf(out);
    }

    private static List<String> checkFields(String setting, List<String> fields) {
        Objects.requireNonNull(fields, setting);
        Set<String> out = new LinkedHashSet<>();
        for (String f : fields) {
            String name = f.strip().toLowerCase(Locale.ROOT);
            if (!RECORD_FIELDS.contains(name)) {
                throw new InvalidSettingException(setting, "a comma list of " + String.join(", ", RECORD_FIELDS), String.join(",", fields));
            }
            out.add(name);
        }
        return List.copyOf(out);
    }

    private static void checkNothingRequiredRemoved(List<String> include, List<String> exclude) {
        // The API keeps inc (all fields when empty) minus exc; each setting is named for what it removes itself.
        if (!include.isEmpty()) {
            refuseRemoving(INC, include, REQUIRED_FIELDS.stream().filter(f -> !include.contains(f)).toList());
        }
        refuseRemoving(EXC, exclude, REQUIRED_FIELDS.stream().filter(exclude::contains).toList());
    }

    private static void refuseRemoving(String setting, List<String> given, List<String> removed) {
        if (!removed.isEmpty()) {
            throw new InvalidSettingException(setting, "a list that keeps every field the contract requires: "
                    + String.join(", ", REQUIRED_FIELDS) + " (it would remove " + String.join(", ", removed) + ")",
                    String.join(",", given));
        }
    }

    private static void checkRange(String setting, Duration value, Duration min, Duration max, String range) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new InvalidSettingException(setting, "a duration from " + range + " such as 30s", value == null ? null : value.toString());
        }
    }

    /** Builds settings in code; starts from the defaults. Not thread-safe. */
    public static final class Builder {
        private URI baseUrl = URI.create("https://randomuser.me");
        private ApiVersion apiVersion = ApiVersion.V1_4;
        private int usersPerRun = 100;
        private int maxPageSize = API_MAX_RESULTS;
        private List<String> nationalities = List.of();
        private SeedMode seedMode = SeedMode.SLOT;
        private String seedPrefix = "randomuser-etl";
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int maxRetries = 3;
        private long maxResponseBytes = 64 * MIB;
        private List<String> include = List.of();
        private List<String> exclude = List.of();
        private boolean keepPasswordHash;
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(10);

        private Builder() {
        }

        private Builder(RandomUserSettings s) {
            baseUrl = s.baseUrl;
            apiVersion = s.apiVersion;
            usersPerRun = s.usersPerRun;
            maxPageSize = s.maxPageSize;
            nationalities = s.nationalities;
            seedMode = s.seedMode;
            seedPrefix = s.seedPrefix;
            connectTimeout = s.connectTimeout;
            requestTimeout = s.requestTimeout;
            maxRetries = s.maxRetries;
            maxResponseBytes = s.maxResponseBytes;
            include = s.include;
            exclude = s.exclude;
            keepPasswordHash = s.keepPasswordHash;
            initialBackoff = s.initialBackoff;
            maxBackoff = s.maxBackoff;
        }

        /**
         * @param v the base URL, e.g. {@code http://127.0.0.1:8080}
         * @return this builder
         */
        public Builder baseUrl(URI v) {
            baseUrl = v;
            return this;
        }

        /**
         * @param v the base URL as text
         * @return this builder
         */
        public Builder baseUrl(String v) {
            baseUrl = checkBaseUrl(v);
            return this;
        }

        /**
         * @param v the API version
         * @return this builder
         */
        public Builder apiVersion(ApiVersion v) {
            apiVersion = v;
            return this;
        }

        /**
         * @param v users per run
         * @return this builder
         */
        public Builder usersPerRun(int v) {
            usersPerRun = v;
            return this;
        }

        /**
         * @param v the largest page, 1 to 5000
         * @return this builder
         */
        public Builder maxPageSize(int v) {
            maxPageSize = v;
            return this;
        }

        /**
         * @param v nationality codes, empty for all
         * @return this builder
         */
        public Builder nationalities(List<String> v) {
            nationalities = v;
            return this;
        }

        /**
         * @param v the seed mode
         * @return this builder
         */
        public Builder seedMode(SeedMode v) {
            seedMode = v;
            return this;
        }

        /**
         * @param v the seed prefix
         * @return this builder
         */
        public Builder seedPrefix(String v) {
            seedPrefix = v;
            return this;
        }

        /**
         * @param v the connect timeout
         * @return this builder
         */
        public Builder connectTimeout(Duration v) {
            connectTimeout = v;
            return this;
        }

        /**
         * @param v the whole-request timeout
         * @return this builder
         */
        public Builder requestTimeout(Duration v) {
            requestTimeout = v;
            return this;
        }

        /**
         * @param v retries per page
         * @return this builder
         */
        public Builder maxRetries(int v) {
            maxRetries = v;
            return this;
        }

        /**
         * @param v the response cap in bytes
         * @return this builder
         */
        public Builder maxResponseBytes(long v) {
            maxResponseBytes = v;
            return this;
        }

        /**
         * @param v the API's {@code inc} fields
         * @return this builder
         */
        public Builder include(List<String> v) {
            include = v;
            return this;
        }

        /**
         * @param v the API's {@code exc} fields
         * @return this builder
         */
        public Builder exclude(List<String> v) {
            exclude = v;
            return this;
        }

        /**
         * @param v whether to keep the salted SHA-256 password digest
         * @return this builder
         */
        public Builder keepPasswordHash(boolean v) {
            keepPasswordHash = v;
            return this;
        }

        /**
         * @param v the first retry's base delay
         * @return this builder
         */
        public Builder initialBackoff(Duration v) {
            initialBackoff = v;
            return this;
        }

        /**
         * @param v the longest delay between attempts
         * @return this builder
         */
        public Builder maxBackoff(Duration v) {
            maxBackoff = v;
            return this;
        }

        /** @return the checked settings */
        public RandomUserSettings build() {
            return new RandomUserSettings(baseUrl, apiVersion, usersPerRun, maxPageSize, nationalities, seedMode, seedPrefix,
                    connectTimeout, requestTimeout, maxRetries, maxResponseBytes, include, exclude, keepPasswordHash,
                    initialBackoff, maxBackoff);
        }
    }
}

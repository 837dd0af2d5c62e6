package io.github.randomuseretl.adapter.randomuser;

import io.github.randomuseretl.core.config.InvalidSettingException;
import io.github.randomuseretl.core.config.Setting;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.config.Use;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every setting of the randomuser.me source and validator, checked once at start-up. Each is described
 * once, in {@link #SETTINGS}; both runners read them with {@link #from(Settings)}, code builds them with
 * {@link #builder()}. A wrong value throws {@link InvalidSettingException} naming the environment
 * variable, also when it comes from the builder, since the constructor checks each value with its
 * setting.
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

    private static final Pattern SEED_PREFIX_TEXT = Pattern.compile("[A-Za-z0-9._~-]{1,64}");
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    private static final String URL_EXPECTED = "an absolute http or https URL without credentials, query or fragment, "
            + "such as https://randomuser.me";

    /** How a run's seed is chosen. */
    public enum SeedMode {
        /** {@code prefix-slot}: a retried slot fetches exactly the same users. */
        SLOT,
        /** A new random seed per fetch: new users every run, also when a slot is retried. */
        RANDOM
    }

    /** {@code ETL_SOURCE_URL}. */
    public static final Setting<URI> SOURCE_URL = Setting.named("ETL_SOURCE_URL")
            .means("base URL of the randomuser.me API; may have a path (a proxy)")
            .usedFor(Use.RUN)
            .parsed(URI.create("https://randomuser.me"), "https://randomuser.me", URL_EXPECTED, RandomUserSettings::checkBaseUrl);

    /** {@code ETL_API_VERSION}. */
    public static final Setting<ApiVersion> API_VERSION = Setting.named("ETL_API_VERSION")
            .means("API version pinned in the request path (/api/1.4/)")
            .usedFor(Use.RUN)
            .parsed(ApiVersion.V1_4, ApiVersion.V1_4.text(), "one of " + String.join(", ", ApiVersion.texts()), ApiVersion::parse);

    /** {@code ETL_USERS_PER_RUN}. */
    public static final Setting<Integer> USERS_PER_RUN = Setting.named("ETL_USERS_PER_RUN")
            .means("users fetched per run; above 5000, several pages of one seed")
            .usedFor(Use.RUN)
            .integer(100, 1, MAX_USERS_PER_RUN);

    /** {@code ETL_NATIONALITIES}. */
    public static final Setting<List<String>> NATIONALITIES = Setting.named("ETL_NATIONALITIES")
            .means("nationality codes of the API version to ask for (e.g. GB,FR), or LEGO alone")
            .usedFor(Use.RUN)
            .shownDefault("all")
            .list(List.of());

    /** {@code ETL_SEED_MODE}. */
    public static final Setting<SeedMode> SEED_MODE = Setting.named("ETL_SEED_MODE")
            .means("slot: the seed derives from the slot, so a retried slot fetches the same users; random: new users every run")
            .usedFor(Use.RUN)
            .oneOf(SeedMode.SLOT);

    /** {@code ETL_SEED_PREFIX}. */
    public static final Setting<String> SEED_PREFIX = Setting.named("ETL_SEED_PREFIX")
            .means("text before the slot in a slot seed; two pipelines with the same prefix fetch the same users each minute")
            .usedFor(Use.RUN)
            .parsed("randomuser-etl", "randomuser-etl", "1 to 64 of A-Z a-z 0-9 . _ ~ -", text -> {
                if (!SEED_PREFIX_TEXT.matcher(text).matches()) {
                    throw new IllegalArgumentException(text);
                }
                return text;
            });

    /** {@code ETL_SOURCE_CONNECT_TIMEOUT}. */
    public static final Setting<Duration> CONNECT_TIMEOUT = Setting.named("ETL_SOURCE_CONNECT_TIMEOUT")
            .means("TCP and TLS connect timeout to the API")
            .usedFor(Use.RUN)
            .duration(Duration.ofSeconds(5), MIN_TIMEOUT, Duration.ofMinutes(1));

    /** {@code ETL_SOURCE_REQUEST_TIMEOUT}. */
    public static final Setting<Duration> REQUEST_TIMEOUT = Setting.named("ETL_SOURCE_REQUEST_TIMEOUT")
            .means("timeout of one whole request, headers and body; never beyond the run's deadline")
            .usedFor(Use.RUN)
            .duration(Duration.ofSeconds(30), MIN_TIMEOUT, Duration.ofMinutes(10));

    /** {@code ETL_SOURCE_MAX_RETRIES}. */
    public static final Setting<Integer> MAX_RETRIES = Setting.named("ETL_SOURCE_MAX_RETRIES")
            .means("retries per page on connection errors, timeouts, 5xx and a 429 with Retry-After; a 429 without one is never "
                    + "retried: the source's window is spent (see ETL_SOURCE_BUDGET)")
            .usedFor(Use.RUN)
            .integer(3, 0, 10);

    /** {@code ETL_SOURCE_MAX_BYTES}. */
    public static final Setting<Long> MAX_BYTES = Setting.named("ETL_SOURCE_MAX_BYTES")
            .means("cap on one response's size, on the wire and after gzip")
            .usedFor(Use.RUN)
            .bytes(64L << 20, 1L << 10, 1L << 30);

    /** {@code ETL_SOURCE_INC}. */
    public static final Setting<List<String>> SOURCE_INC = Setting.named("ETL_SOURCE_INC")
            .means("the API's inc list: the only record fields to fetch, of " + String.join(" ", RECORD_FIELDS)
                    + "; must keep " + String.join(", ", REQUIRED_FIELDS) + " (users load without the other parts)")
            .usedFor(Use.RUN)
            .shownDefault("every field")
            .list(List.of());

    /** {@code ETL_SOURCE_EXC}. */
    public static final Setting<List<String>> SOURCE_EXC = Setting.named("ETL_SOURCE_EXC")
            .means("the API's exc list: record fields to leave out; must not remove " + String.join(", ", REQUIRED_FIELDS))
            .usedFor(Use.RUN)
            .shownDefault("none")
            .list(List.of());

    /** {@code ETL_KEEP_PASSWORD_HASH}. */
    public static final Setting<Boolean> KEEP_PASSWORD_HASH = Setting.named("ETL_KEEP_PASSWORD_HASH")
            .means("keep each accepted user's salted SHA-256 password digest (never the password, MD5 or SHA-1)")
            .usedFor(Use.RUN)
            .bool(false);

    /** Every setting of the source and validator, in the order they are documented. */
    public static final List<Setting<?>> SETTINGS = List.of(SOURCE_URL, API_VERSION, USERS_PER_RUN, NATIONALITIES, SEED_MODE,
            SEED_PREFIX, CONNECT_TIMEOUT, REQUEST_TIMEOUT, MAX_RETRIES, MAX_BYTES, SOURCE_INC, SOURCE_EXC, KEEP_PASSWORD_HASH);

    /** The defaults: randomuser.me, version 1.4, 100 users, all nationalities, slot seeds. */
    public static final RandomUserSettings DEFAULTS = from(Settings.of(Map.of()));

    /** Checks every value with its setting (see {@link #SETTINGS}), and what no single setting can check. */
    public RandomUserSettings {
        baseUrl = SOURCE_URL.check(baseUrl);
        apiVersion = API_VERSION.check(apiVersion);
        usersPerRun = USERS_PER_RUN.check(usersPerRun);
        if (maxPageSize < 1 || maxPageSize > API_MAX_RESULTS) {
            throw new IllegalArgumentException("maxPageSize must be from 1 to " + API_MAX_RESULTS + ", got " + maxPageSize);
        }
        if ((usersPerRun + (long) maxPageSize - 1) / maxPageSize > 10_000) {
            // The API resets any page above 10000 to page 1, which would repeat users.
            throw new IllegalArgumentException("usersPerRun / maxPageSize must need at most 10000 pages");
        }
        nationalities = checkNationalities(NATIONALITIES.check(nationalities), apiVersion);
        seedMode = SEED_MODE.check(seedMode);
        seedPrefix = SEED_PREFIX.check(seedPrefix);
        connectTimeout = CONNECT_TIMEOUT.check(connectTimeout);
        requestTimeout = REQUEST_TIMEOUT.check(requestTimeout);
        maxRetries = MAX_RETRIES.check(maxRetries);
        maxResponseBytes = MAX_BYTES.check(maxResponseBytes);
        include = checkFields(SOURCE_INC, SOURCE_INC.check(include));
        exclude = checkFields(SOURCE_EXC, SOURCE_EXC.check(exclude));
        checkNothingRequiredRemoved(include, exclude);
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initialBackoff <= maxBackoff");
        }
    }

    /**
     * Reads and checks the settings from their environment names (see {@link #SETTINGS}).
     *
     * @param s the settings, typically the environment with flags laid over it
     * @return the checked settings
     * @throws InvalidSettingException naming the first wrong setting
     */
    public static RandomUserSettings from(Settings s) {
        return new RandomUserSettings(SOURCE_URL.read(s), API_VERSION.read(s), USERS_PER_RUN.read(s), API_MAX_RESULTS,
                NATIONALITIES.read(s), SEED_MODE.read(s), SEED_PREFIX.read(s), CONNECT_TIMEOUT.read(s), REQUEST_TIMEOUT.read(s),
                MAX_RETRIES.read(s), MAX_BYTES.read(s), SOURCE_INC.read(s), SOURCE_EXC.read(s), KEEP_PASSWORD_HASH.read(s),
                Duration.ofMillis(500), Duration.ofSeconds(10));
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder(DEFAULTS);
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

    private static URI checkBaseUrl(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(SOURCE_URL.name(), URL_EXPECTED, mask(text));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidSettingException(SOURCE_URL.name(), URL_EXPECTED, mask(text));
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
        Set<String> out = new LinkedHashSet<>();
        for (String code : codes) {
            out.add(code.strip().toUpperCase(Locale.ROOT));
        }
        String expected = "a comma list of " + String.join(" ", version.nationalities()) + " (API " + version.text()
                + "), or LEGO alone";
        for (String code : out) {
            if (!version.knows(code)) {
                throw new InvalidSettingException(NATIONALITIES.name(), expected, String.join(",", codes));
            }
        }
        if (out.contains(ApiVersion.LEGO) && out.size() > 1) {
            // The API's lego switch overrides nat: mixing would silently return only LEGO users.
            throw new InvalidSettingException(NATIONALITIES.name(), expected, String.join(",", codes));
        }
        return List.copyOf(out);
    }

    private static List<String> checkFields(Setting<List<String>> setting, List<String> fields) {
        Set<String> out = new LinkedHashSet<>();
        for (String f : fields) {
            String name = f.strip().toLowerCase(Locale.ROOT);
            if (!RECORD_FIELDS.contains(name)) {
                throw new InvalidSettingException(setting.name(), "a comma list of " + String.join(", ", RECORD_FIELDS),
                        String.join(",", fields));
            }
            out.add(name);
        }
        return List.copyOf(out);
    }

    private static void checkNothingRequiredRemoved(List<String> include, List<String> exclude) {
        // The API keeps inc (all fields when empty) minus exc; each setting is named for what it removes itself.
        if (!include.isEmpty()) {
            refuseRemoving(SOURCE_INC, include, REQUIRED_FIELDS.stream().filter(f -> !include.contains(f)).toList());
        }
        refuseRemoving(SOURCE_EXC, exclude, REQUIRED_FIELDS.stream().filter(exclude::contains).toList());
    }

    private static void refuseRemoving(Setting<List<String>> setting, List<String> given, List<String> removed) {
        if (!removed.isEmpty()) {
            throw new InvalidSettingException(setting.name(), "a list that keeps every field the contract requires: "
                    + String.join(", ", REQUIRED_FIELDS) + " (it would remove " + String.join(", ", removed) + ")",
                    String.join(",", given));
        }
    }

    /**
     * Builds settings in code: each setting by its descriptor ({@code set(USERS_PER_RUN, 12_000)}), checked
     * by it on {@link #build()}; the code-only ones by name. Starts from the defaults. Not thread-safe.
     */
    public static final class Builder {
        private final Map<Setting<?>, Object> values;
        private int maxPageSize;
        private Duration initialBackoff;
        private Duration maxBackoff;

        private Builder(RandomUserSettings s) {
            values = new HashMap<>(Map.ofEntries(Map.entry(SOURCE_URL, s.baseUrl), Map.entry(API_VERSION, s.apiVersion),
                    Map.entry(USERS_PER_RUN, s.usersPerRun), Map.entry(NATIONALITIES, s.nationalities), Map.entry(SEED_MODE, s.seedMode),
                    Map.entry(SEED_PREFIX, s.seedPrefix), Map.entry(CONNECT_TIMEOUT, s.connectTimeout),
                    Map.entry(REQUEST_TIMEOUT, s.requestTimeout), Map.entry(MAX_RETRIES, s.maxRetries),
                    Map.entry(MAX_BYTES, s.maxResponseBytes), Map.entry(SOURCE_INC, s.include), Map.entry(SOURCE_EXC, s.exclude),
                    Map.entry(KEEP_PASSWORD_HASH, s.keepPasswordHash)));
            maxPageSize = s.maxPageSize;
            initialBackoff = s.initialBackoff;
            maxBackoff = s.maxBackoff;
        }

        /**
         * @param setting one of {@link #SETTINGS}
         * @param value   its value
         * @param <T>     its type
         * @return this builder
         */
        public <T> Builder set(Setting<T> setting, T value) {
            if (!SETTINGS.contains(setting)) {
                throw new IllegalArgumentException(setting + " is not a setting of the randomuser.me source");
            }
            values.put(setting, value);
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

        @SuppressWarnings("unchecked")
        private <T> T get(Setting<T> setting) {
            return (T) values.get(setting);
        }

        /** @return the checked settings */
        public RandomUserSettings build() {
            return new RandomUserSettings(get(SOURCE_URL), get(API_VERSION), get(USERS_PER_RUN), maxPageSize, get(NATIONALITIES),
                    get(SEED_MODE), get(SEED_PREFIX), get(CONNECT_TIMEOUT), get(REQUEST_TIMEOUT), get(MAX_RETRIES), get(MAX_BYTES),
                    get(SOURCE_INC), get(SOURCE_EXC), get(KEEP_PASSWORD_HASH), initialBackoff, maxBackoff);
        }
    }
}

package io.github.randomuseretl.core.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings as text by name, as given: the environment with flags laid over it. A {@link Setting}
 * reads its value from here and checks it. A blank value counts as unset, so {@code ETL_X=} in an env
 * file falls back to the default instead of failing obscurely.
 *
 * <p>Every read records the name it was asked for, so {@link #known()} lists the settings a program
 * actually reads (for tests that check env files against them).
 */
public final class Settings {

    private static final Pattern BYTES = Pattern.compile("(\\d{1,18})\\s*(?:([kmg])(?:i?b)?|b)?");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,18})\\s*(ms|s|m|h|d)");
    /** Largest first, so {@link #human(Duration)} finds the largest whole unit. */
    private static final List<Map.Entry<String, Duration>> DURATION_UNITS = List.of(Map.entry("d", Duration.ofDays(1)),
            Map.entry("h", Duration.ofHours(1)), Map.entry("m", Duration.ofMinutes(1)), Map.entry("s", Duration.ofSeconds(1)),
            Map.entry("ms", Duration.ofMillis(1)));

    private final Map<String, String> values;
    private final Set<String> read = new TreeSet<>();

    private Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /**
     * Settings from a map, typically {@code System.getenv()} with flags laid over it.
     *
     * @param values names and values; blank values count as unset
     * @return the settings
     */
    public static Settings of(Map<String, String> values) {
        Map<String, String> copy = new HashMap<>();
        Objects.requireNonNull(values, "values").forEach((k, v) -> {
            if (k != null && v != null && !v.isBlank()) {
                copy.put(k, v.strip());
            }
        });
        return new Settings(copy);
    }

    /**
     * These settings with others laid over them (e.g. command-line flags over the environment).
     *
     * @param overrides names and values that win; blank values are ignored
     * @return the combined settings
     */
    public Settings with(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(values);
        overrides.forEach((k, v) -> {
            if (k != null && v != null && !v.isBlank()) {
                merged.put(k, v.strip());
            }
        });
        return new Settings(merged);
    }

    /**
     * @param name the setting
     * @return its value, if set
     */
    public synchronized Optional<String> optional(String name) {
        read.add(name);
        return Optional.ofNullable(values.get(name));
    }

    /**
     * @param name     the setting
     * @param expected what it expects, for the message when it is missing
     * @return the value
     * @throws InvalidSettingException if unset
     */
    public String required(String name, String expected) {
        return optional(name).orElseThrow(() -> new InvalidSettingException(name, expected, null));
    }

    /**
     * A secret given directly ({@code NAME}) or as a file ({@code NAME_FILE}, as Docker and Kubernetes
     * secrets are mounted). Setting both is an error: which one wins would be a guess.
     *
     * @param name the setting, e.g. {@code ETL_DB_PASSWORD}
     * @return the secret, trailing newline removed, if either is set
     */
    public Optional<String> secret(String name) {
        Optional<String> direct = optional(name);
        Optional<String> file = optional(name + Setting.FILE_SUFFIX);
        if (direct.isPresent() && file.isPresent()) {
            throw new InvalidSettingException(name, "set directly or through " + name + Setting.FILE_SUFFIX + ", not both", Setting.MASK);
        }
        if (file.isEmpty()) {
            return direct;
        }
        try {
            String text = Files.readString(Path.of(file.get()));
            return Optional.of(text.strip());
        } catch (IOException | InvalidPathException e) {
            throw new InvalidSettingException(name + Setting.FILE_SUFFIX, "a readable file", file.get());
        }
    }

    /** @return the names of every setting read so far */
    public synchronized Set<String> known() {
        return Set.copyOf(read);
    }

    /**
     * Reads a duration as every duration setting does, for a flag that is no setting (e.g. {@code gaps --since}).
     *
     * @param text e.g. {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}, or ISO-8601 such as {@code PT30S}
     * @return the duration, or {@code null} if the text is not one
     */
    public static Duration parseDuration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(t);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            return m.matches() ? DURATION_UNITS.stream().filter(u -> u.getKey().equals(m.group(2))).findFirst().orElseThrow()
                    .getValue().multipliedBy(Long.parseLong(m.group(1))) : null;
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    /** @return the duration in its largest whole unit, e.g. {@code 5m}, {@code 1500ms} */
    static String human(Duration d) {
        for (Map.Entry<String, Duration> unit : DURATION_UNITS) {
            if (!d.isZero() && d.toNanos() % unit.getValue().toNanos() == 0) {
                return d.toNanos() / unit.getValue().toNanos() + unit.getKey();
            }
        }
        return d.isZero() ? "0s" : d.toMillis() + "ms";
    }

    /**
     * @param text e.g. {@code 67108864}, {@code 64MiB}, {@code 512k}, {@code 1g}; units are binary
     * @return bytes, or -1 if the text is not a size
     */
    static long parseBytes(String text) {
        Matcher m = BYTES.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return -1;
        }
        int shift = m.group(2) == null ? 0 : 10 * ("kmg".indexOf(m.group(2)) + 1);
        long amount = Long.parseLong(m.group(1));
        return amount > Long.MAX_VALUE >> shift ? -1 : amount << shift;
    }

    /**
     * @param bytes a size
     * @return e.g. {@code 64 MiB}, {@code 16 KiB} or {@code 1000 bytes}, for messages
     */
    public static String humanBytes(long bytes) {
        for (int shift = 30; shift >= 10; shift -= 10) {
            if (bytes != 0 && bytes % (1L << shift) == 0) {
                return (bytes >> shift) + " " + "KMG".charAt(shift / 10 - 1) + "iB";
            }
        }
        return bytes + " bytes";
    }

    /** A size as a setting's value is written: {@code 64MiB}, {@code 1000}. */
    static String sizeText(long bytes) {
        String human = humanBytes(bytes);
        return human.endsWith(" bytes") ? Long.toString(bytes) : human.replace(" ", "");
    }
}

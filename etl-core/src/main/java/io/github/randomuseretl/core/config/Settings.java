package io.github.randomuseretl.core.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings as text by name, with typed getters that check each value once. A blank value counts as
 * unset, so {@code ETL_X=} in an env file falls back to the default instead of failing obscurely.
 *
 * <p>Every getter records the name it was asked for, so {@link #known()} lists the settings a
 * program actually reads (for {@code config} output and for checking env files).
 */
public final class Settings {

    private static final Pattern BYTES = Pattern.compile("(\\d{1,18})\\s*([a-z]*)");
    private static final long KIB = 1024;

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
     * @param fallback used when unset
     * @return the value or the fallback
     */
    public String string(String name, String fallback) {
        return optional(name).orElse(fallback);
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

    /**
     * @param name     the setting
     * @param fallback used when unset
     * @param min      smallest allowed
     * @param max      largest allowed
     * @return the value
     * @throws InvalidSettingException if not a whole number in range
     */
    public int integer(String name, int fallback, int min, int max) {
        String expected = "a whole number from " + min + " to " + max;
        return optional(name).map(text -> {
            int value;
            try {
                value = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(name, expected, text);
            }
            if (value < min || value > max) {
                throw new InvalidSettingException(name, expected, text);
            }
            return value;
        }).orElse(fallback);
    }

    /**
     * A ratio such as a maximum share of rejected records.
     *
     * @param name the setting
     * @return the value from 0 to 1, if set
     * @throws InvalidSettingException if not a number from 0 to 1
     */
    public Optional<Double> ratio(String name) {
        return optional(name).map(text -> {
            double value;
            try {
                value = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(name, "a number from 0 to 1", text);
            }
            if (!(value >= 0 && value <= 1)) {
                throw new InvalidSettingException(name, "a number from 0 to 1", text);
            }
            return value;
        });
    }

    /**
     * A duration written as ISO-8601 ({@code PT30S}) or as a number with a unit: {@code 500ms},
     * {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}.
     *
     * @param name     the setting
     * @param fallback used when unset
     * @param min      shortest allowed
     * @param max      longest allowed
     * @return the value
     */
    public Duration duration(String name, Duration fallback, Duration min, Duration max) {
        String expected = "a duration from " + human(min) + " to " + human(max) + " such as 30s, 5m or PT1M";
        return optional(name).map(text -> {
            Duration value = parseDuration(text);
            if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new InvalidSettingException(name, expected, text);
            }
            return value;
        }).orElse(fallback);
    }

    /**
     * One of a fixed set of words, any case.
     *
     * @param name     the setting
     * @param fallback used when unset
     * @param allowed  the words allowed, lower case
     * @return the value, lower case
     */
    public String oneOf(String name, String fallback, Set<String> allowed) {
        return optional(name).map(text -> {
            String lower = text.toLowerCase(Locale.ROOT);
            if (!allowed.contains(lower)) {
                throw new InvalidSettingException(name, "one of " + String.join(", ", new TreeSet<>(allowed)), text);
            }
            return lower;
        }).orElse(fallback);
    }

    /**
     * A comma-separated list; blanks between commas are dropped.
     *
     * @param name     the setting
     * @param fallback used when unset
     * @return the items, trimmed
     */
    public List<String> list(String name, List<String> fallback) {
        return optional(name).map(text -> {
            List<String> items = new ArrayList<>();
            Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(items::add);
            return List.copyOf(items);
        }).orElse(fallback);
    }

    /**
     * A value parsed by a function that throws {@link IllegalArgumentException} for bad text.
     *
     * @param name     the setting
     * @param expected what it expects, for the message
     * @param parser   the parser
     * @param <T>      the type
     * @return the parsed value, if set
     */
    public <T> Optional<T> parsed(String name, String expected, Function<String, T> parser) {
        return optional(name).map(text -> {
            try {
                return parser.apply(text);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(name, expected, text);
            }
        });
    }

    /**
     * A size in bytes: a number, optionally with a binary unit ({@code k}/{@code KiB}, {@code m}/{@code MiB},
     * {@code g}/{@code GiB}).
     *
     * @param name     the setting
     * @param fallback used when unset
     * @param min      smallest allowed
     * @param max      largest allowed
     * @return the value
     */
    public long bytes(String name, long fallback, long min, long max) {
        String expected = "a size from " + sizeText(min) + " to " + sizeText(max) + " such as 64MiB";
        return optional(name).map(text -> {
            long value = parseBytes(text);
            if (value < min || value > max) {
                throw new InvalidSettingException(name, expected, text);
            }
            return value;
        }).orElse(fallback);
    }

    /** @return the names of every setting read so far */
    public synchronized Set<String> known() {
        return Set.copyOf(read);
    }

    /**
     * @param text e.g. {@code 30s} or {@code PT30S}
     * @return the duration, or {@code null} if the text is not one
     */
    static Duration parseDuration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            int split = 0;
            while (split < t.length() && Character.isDigit(t.charAt(split))) {
                split++;
            }
            if (split == 0) {
                return null;
            }
            long amount = Long.parseLong(t.substring(0, split));
            switch (t.substring(split).strip()) {
                case "ms": return Duration.ofMillis(amount);
                case "s": return Duration.ofSeconds(amount);
                case "m": return Duration.ofMinutes(amount);
                case "h": return Duration.ofHours(amount);
                case "d": return Duration.ofDays(amount);
                default: return null;
            }
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            return null;
        }
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
        long amount = Long.parseLong(m.group(1));
        long unit;
        switch (m.group(2)) {
            case "": case "b": unit = 1; break;
            case "k": case "kb": case "kib": unit = KIB; break;
            case "m": case "mb": case "mib": unit = KIB * KIB; break;
            case "g": case "gb": case "gib": unit = KIB * KIB * KIB; break;
            default: return -1;
        }
        return amount > Long.MAX_VALUE / unit ? -1 : amount * unit;
    }

    /**
     * @param bytes a size
     * @return e.g. {@code 64 MiB}, {@code 16 KiB} or {@code 1000 bytes}, for messages
     */
    public static String humanBytes(long bytes) {
        for (String unit : List.of("GiB", "MiB", "KiB")) {
            long size = unit.equals("GiB") ? KIB * KIB * KIB : unit.equals("MiB") ? KIB * KIB : KIB;
            if (bytes != 0 && bytes % size == 0) {
                return bytes / size + " " + unit;
            }
        }
        return bytes + " bytes";
    }

    /** A size as a setting's value is written: {@code 64MiB}, {@code 1000}. */
    static String sizeText(long bytes) {
        String human = humanBytes(bytes);
        return human.endsWith(" bytes") ? Long.toString(bytes) : human.replace(" ", "");
    }

    static String human(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}

package io.github.randomuseretl.core.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One setting, described once by the module that reads it: its name, what it means, its default as a
 * user reads it, whether it is a secret, what it is used for, and how its text becomes a checked value.
 * Everything a user sees about a setting is derived from this: the parsing and its one-line errors,
 * the command-line flag, {@code config}, each command's help, the unknown-name hint and README's table.
 *
 * <pre>{@code
 * static final Setting<Duration> RUN_TIMEOUT = Setting.named("ETL_RUN_TIMEOUT")
 *         .means("how long a run may take after it starts: its deadline")
 *         .usedFor(Use.RUN)
 *         .duration(Duration.ofSeconds(50), Duration.ofSeconds(1), Duration.ofHours(1));
 * Duration timeout = RUN_TIMEOUT.read(settings);
 * }</pre>
 *
 * @param <T> the checked value's type
 */
public final class Setting<T> {

    /** Appended to a secret's name, names the file that holds it: {@code ETL_DB_PASSWORD_FILE}. */
    public static final String FILE_SUFFIX = "_FILE";

    /** What a secret's value prints as. */
    public static final String MASK = "***";

    private final String name;
    private final String meaning;
    private final Set<Use> uses;
    private final boolean secret;
    private final String defaultText;
    private final String expected;
    private final String label;
    private final Function<Settings, T> reader;
    private final Function<T, String> format;

    private Setting(Builder b, String defaultText, String expected, String label, Function<Settings, T> reader,
            Function<T, String> format) {
        this.name = b.name;
        Objects.requireNonNull(b.meaning, () -> b.name + ": means(...) is required");
        this.meaning = b.secret ? b.meaning + "; never shown, and read from the file " + b.name + FILE_SUFFIX
                + " names when that is set instead (Docker and Kubernetes secrets)" : b.meaning;
        if (b.uses.isEmpty()) {
            throw new IllegalStateException(b.name + ": usedFor(...) is required");
        }
        this.uses = Set.copyOf(b.uses);
        this.secret = b.secret;
        this.defaultText = b.shownDefault != null ? b.shownDefault : defaultText;
        this.expected = expected;
        this.label = label != null ? label : b.name.substring(b.name.lastIndexOf('_') + 1);
        this.reader = reader;
        this.format = format;
    }

    private Setting(Setting<T> other, String defaultText, String meaning) {
        this.name = other.name;
        this.meaning = meaning;
        this.uses = other.uses;
        this.secret = other.secret;
        this.defaultText = defaultText;
        this.expected = other.expected;
        this.label = other.label;
        this.reader = other.reader;
        this.format = other.format;
    }

    /**
     * This setting as a program documents it when it handles the unset case itself, before reading it
     * (the scheduler runs on an embedded database when {@code ETL_DB_URL} is unset, which its module
     * requires). Name, parser, range and uses stay the same.
     *
     * @param defaultText the default as that program's users read it
     * @param meaning     the meaning, saying what the default does
     * @return the setting, documented so
     */
    public Setting<T> shownAs(String defaultText, String meaning) {
        return new Setting<>(this, Objects.requireNonNull(defaultText, "defaultText"), Objects.requireNonNull(meaning, "meaning"));
    }

    /**
     * Starts describing a setting.
     *
     * @param name the environment name, {@code ETL_} followed by upper-case words joined by {@code _}
     * @return a builder
     */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /** @return the environment name, e.g. {@code ETL_RUN_TIMEOUT} */
    public String name() {
        return name;
    }

    /** @return the command-line flag: the name without {@code ETL_}, lower case, {@code -} for {@code _} */
    public String flag() {
        return "--" + name.substring("ETL_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return the flag's value as help shows it: {@code N}, {@code DURATION}, {@code text|json}, else the name's last word */
    public String label() {
        return label;
    }

    /**
     * @return for a secret, the name of the setting that gives it as a file ({@code ETL_DB_PASSWORD_FILE});
     *         empty for any other
     */
    public Optional<String> fileName() {
        return secret ? Optional.of(name + FILE_SUFFIX) : Optional.empty();
    }

    /** @return for a secret, the flag of its file form ({@code --db-password-file}); empty for any other */
    public Optional<String> fileFlag() {
        return fileName().map(f -> flag() + "-file");
    }

    /** @return what the setting means, one sentence without a final full stop; a secret's says so and names its file form */
    public String meaning() {
        return meaning;
    }

    /** @return what the setting is used for */
    public Set<Use> uses() {
        return uses;
    }

    /** @return true if the value must never be shown or logged (it may also be given as a file, {@code NAME_FILE}) */
    public boolean secret() {
        return secret;
    }

    /** @return the default as a user reads it, e.g. {@code 50s} or {@code unset} */
    public String defaultText() {
        return defaultText;
    }

    /** @return what a value must be, e.g. {@code a duration from 1s to 1h} */
    public String expected() {
        return expected;
    }

    /**
     * Reads and checks the value.
     *
     * @param settings the settings given
     * @return the value, or the default when unset
     * @throws InvalidSettingException naming this setting if the value is wrong
     */
    public T read(Settings settings) {
        return reader.apply(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * @return the value when unset
     * @throws InvalidSettingException if the setting is required
     */
    public T defaultValue() {
        return read(Settings.of(Map.of()));
    }

    /**
     * Checks a value given in code (a builder, a record's constructor) exactly as the same value given as
     * text: it is written as text and read back, so the range and the one-line error are the descriptor's.
     * A value only a custom reader understands is returned as it is.
     *
     * @param value the value
     * @return the value as read back, e.g. a URL without its trailing slash
     * @throws InvalidSettingException naming this setting if the value is missing or wrong
     */
    public T check(T value) {
        if (value == null) {
            throw new InvalidSettingException(name, expected, null);
        }
        String text = format == null ? null : format.apply(value);
        if (text == null) {
            return value;
        }
        if (text.isBlank()) {
            throw new InvalidSettingException(name, expected, text);
        }
        return read(Settings.of(Map.of(name, text)));
    }

    @Override
    public String toString() {
        return name;
    }

    /** Describes a setting; ends with the method that fixes its type. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private String meaning;
        private final Set<Use> uses = EnumSet.noneOf(Use.class);
        private boolean secret;
        private String shownDefault;

        private Builder(String name) {
            if (name == null || !name.matches("ETL_[A-Z0-9]+(_[A-Z0-9]+)*")) {
                throw new IllegalArgumentException("a setting's name is ETL_ and upper-case words joined by _, got " + name);
            }
            this.name = name;
        }

        /**
         * @param text what the setting means, one sentence without a final full stop
         * @return this builder
         */
        public Builder means(String text) {
            this.meaning = Objects.requireNonNull(text, "text");
            return this;
        }

        /**
         * @param first what the setting is used for
         * @param more  further uses
         * @return this builder
         */
        public Builder usedFor(Use first, Use... more) {
            uses.add(first);
            uses.addAll(List.of(more));
            return this;
        }

        /**
         * Marks the setting secret: never shown, never logged, and also readable from {@code NAME_FILE}.
         *
         * @return this builder
         */
        public Builder secret() {
            this.secret = true;
            return this;
        }

        /**
         * @param text the default as a user should read it, when the value's own text would mislead
         *             (e.g. {@code one per processor})
         * @return this builder
         */
        public Builder shownDefault(String text) {
            this.shownDefault = Objects.requireNonNull(text, "text");
            return this;
        }

        /**
         * @param fallback the default
         * @return a text setting
         */
        public Setting<String> text(String fallback) {
            return parsed(fallback, fallback, "text", text -> text);
        }

        /**
         * @return a text setting without a default; a secret one is also read from {@code NAME_FILE}
         */
        public Setting<Optional<String>> optionalText() {
            return new Setting<>(this, "unset", "text", null, s -> secret ? s.secret(name) : s.optional(name), o -> o.orElse(null));
        }

        /**
         * Text that may be given here or found in another setting (e.g. {@code user=} inside
         * {@code ETL_DB_URL}), but not in both places: which one wins would be a guess.
         *
         * @param where     where else it may be given, for the message, e.g. {@code ETL_DB_URL}
         * @param elsewhere finds it there
         * @return the setting; its value is this setting's, else the one found elsewhere
         */
        public Setting<Optional<String>> optionalTextOr(String where, Function<Settings, Optional<String>> elsewhere) {
            Objects.requireNonNull(elsewhere, "elsewhere");
            return new Setting<>(this, "unset", "text", null, s -> {
                Optional<String> here = secret ? s.secret(name) : s.optional(name);
                Optional<String> there = elsewhere.apply(s);
                if (here.isPresent() && there.isPresent()) {
                    throw new InvalidSettingException(name, "set in " + name + " or in " + where + ", not both",
                            secret ? MASK : here.get());
                }
                return here.isPresent() ? here : there;
            }, null);
        }

        /**
         * @param fallback the default
         * @param min      smallest allowed
         * @param max      largest allowed
         * @return a whole-number setting
         */
        public Setting<Integer> integer(int fallback, int min, int max) {
            return kind(fallback, Integer.toString(fallback), "a whole number from " + min + " to " + max, "", "N", text -> {
                int value = Integer.parseInt(text);
                return value >= min && value <= max ? value : null;
            }, String::valueOf);
        }

        /**
         * @param fallback the default
         * @param min      shortest allowed
         * @param max      longest allowed
         * @return a duration setting ({@code 30s}, {@code 5m}, {@code PT1M}, ...)
         */
        public Setting<Duration> duration(Duration fallback, Duration min, Duration max) {
            return kind(fallback, Settings.human(fallback), "a duration from " + Settings.human(min) + " to " + Settings.human(max),
                    " such as 30s, 5m or PT1M", "DURATION", text -> {
                        Duration value = Settings.parseDuration(text);
                        return value != null && value.compareTo(min) >= 0 && value.compareTo(max) <= 0 ? value : null;
                    }, Duration::toString);
        }

        /**
         * @param fallback the default
         * @param min      smallest allowed
         * @param max      largest allowed
         * @return a size in bytes ({@code 65536}, {@code 64k}, {@code 64MiB}, {@code 1g}; binary units)
         */
        public Setting<Long> bytes(long fallback, long min, long max) {
            return kind(fallback, Settings.sizeText(fallback), "a size from " + Settings.sizeText(min) + " to " + Settings.sizeText(max),
                    " such as 64MiB", "SIZE", text -> {
                        long value = Settings.parseBytes(text);
                        return value >= min && value <= max ? value : null;
                    }, String::valueOf);
        }

        /**
         * @return a ratio from 0 to 1, unset by default
         */
        public Setting<Optional<Double>> ratio() {
            return kind(Optional.empty(), "unset", "a number from 0 to 1", "", "RATIO", text -> {
                double value = Double.parseDouble(text);
                return value >= 0 && value <= 1 ? Optional.of(value) : null;
            }, o -> o.map(String::valueOf).orElse(null));
        }

        /**
         * @param fallback the default
         * @return {@code true} or {@code false}, any case
         */
        public Setting<Boolean> bool(boolean fallback) {
            return kind(fallback, Boolean.toString(fallback), "one of false, true", "", "true|false",
                    text -> text.equalsIgnoreCase("true") ? Boolean.TRUE : text.equalsIgnoreCase("false") ? Boolean.FALSE : null,
                    String::valueOf);
        }

        /**
         * @param fallback the default, one of {@code allowed}
         * @param allowed  the words allowed, lower case
         * @return a setting taking one of a fixed set of words, any case (read lower case)
         */
        public Setting<String> oneOf(String fallback, Set<String> allowed) {
            if (!allowed.contains(fallback)) {
                throw new IllegalArgumentException(name + ": the default " + fallback + " is not one of " + allowed);
            }
            return kind(fallback, fallback, "one of " + String.join(", ", new TreeSet<>(allowed)), "", null, text -> {
                String lower = text.toLowerCase(Locale.ROOT);
                return allowed.contains(lower) ? lower : null;
            }, Function.identity());
        }

        /**
         * @param fallback the default; the values allowed are its type's constants, written in lower case
         * @param <E>      the enum
         * @return a setting taking one of an enum's constants, any case
         */
        public <E extends Enum<E>> Setting<E> oneOf(E fallback) {
            Map<String, E> byText = new LinkedHashMap<>();
            for (E e : fallback.getDeclaringClass().getEnumConstants()) {
                byText.put(e.name().toLowerCase(Locale.ROOT), e);
            }
            return kind(fallback, fallback.name().toLowerCase(Locale.ROOT), "one of " + String.join(", ", new TreeSet<>(byText.keySet())),
                    "", String.join("|", byText.keySet()), text -> byText.get(text.toLowerCase(Locale.ROOT)),
                    e -> e.name().toLowerCase(Locale.ROOT));
        }

        /**
         * @param fallback the default
         * @return a comma-separated list; blanks between commas are dropped
         */
        public Setting<List<String>> list(List<String> fallback) {
            return kind(fallback, fallback.isEmpty() ? "unset" : String.join(",", fallback), "a comma-separated list", "", null,
                    text -> Arrays.stream(text.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList(),
                    l -> l.isEmpty() ? null : String.join(",", l));
        }

        /**
         * A value parsed by a function that throws {@link IllegalArgumentException} for bad text (or an
         * {@link InvalidSettingException} of its own, e.g. to mask part of it); a value from code is
         * checked by parsing its {@code toString()}.
         *
         * @param fallback     the default
         * @param fallbackText the default as a user reads it
         * @param expected     what a value must be, for the error message
         * @param parser       the parser
         * @param <V>          the value's type
         * @return the setting
         */
        public <V> Setting<V> parsed(V fallback, String fallbackText, String expected, Function<String, V> parser) {
            return kind(fallback, fallbackText, expected, "", null, parser, String::valueOf);
        }

        /**
         * A value that depends on other settings already read, e.g. a default derived from another.
         *
         * @param fallbackText the default as a user reads it
         * @param expected     what a value must be
         * @param reader       reads the value, given the settings and this setting's name
         * @param <V>          the value's type
         * @return the setting
         */
        public <V> Setting<V> custom(String fallbackText, String expected, BiFunction<Settings, String, V> reader) {
            return new Setting<>(this, fallbackText, expected, null, s -> reader.apply(s, name), null);
        }

        /**
         * A kind of value read from one text: {@code parser} returns {@code null} or throws
         * {@link IllegalArgumentException} for text that is not one, and the error says what a value
         * must be, followed by {@code example}.
         */
        private <V> Setting<V> kind(V fallback, String fallbackText, String expected, String example, String label,
                Function<String, V> parser, Function<V, String> format) {
            return new Setting<>(this, fallbackText, expected, label, s -> s.optional(name).map(text -> {
                V value;
                try {
                    value = parser.apply(text);
                } catch (IllegalArgumentException e) {
                    value = null;
                }
                if (value == null) {
                    throw new InvalidSettingException(name, expected + example, text);
                }
                return value;
            }).orElse(fallback), format);
        }
    }
}

package io.github.randomuseretl.core.run;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How many users the source gives one client per window: randomuser.me allows 20,000 per fixed
 * 5-minute window and then answers 429 without {@code Retry-After} until the window ends.
 *
 * <p>The sink enforces it when a run claims its slot, counting the users every run of the pipeline
 * asked for in the last {@code window} (by any replica, from the ledger). Counting a sliding window
 * keeps every fixed window of the source under the limit, whatever the source's windows are aligned
 * to: all the requests of one fixed window lie within some interval of length {@code window}.
 *
 * @param users  the most users requested in any window, 1 or more
 * @param window the window, whole seconds from 1 s to 24 h
 */
public record SourceBudget(long users, Duration window) {

    // Before the constants below: their construction checks against these.
    private static final Duration MIN_WINDOW = Duration.ofSeconds(1);
    private static final Duration MAX_WINDOW = Duration.ofHours(24);

    /** randomuser.me's limit per client: 20,000 users per 5 minutes. */
    public static final SourceBudget RANDOMUSER = new SourceBudget(20_000, Duration.ofMinutes(5));

    /** What {@link #parse} expects, for error messages. */
    public static final String EXPECTED = "USERS/WINDOW, e.g. 20000/5m (users 1 or more, window 1s to 24h as <n>s, <n>m or <n>h)";

    /** Checks the ranges. */
    public SourceBudget {
        Objects.requireNonNull(window, "window");
        if (users < 1) {
            throw new IllegalArgumentException("a budget allows 1 user or more, got " + users);
        }
        if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0 || window.getNano() != 0) {
            throw new IllegalArgumentException("a budget's window is whole seconds from 1s to 24h, got " + window);
        }
    }

    /**
     * Parses {@code USERS/WINDOW}, e.g. {@code 20000/5m}.
     *
     * @param text the budget
     * @return the budget
     * @throws IllegalArgumentException if the text is not one
     */
    public static SourceBudget parse(String text) {
        String t = Objects.requireNonNull(text, "text").strip().toLowerCase(Locale.ROOT);
        int slash = t.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("not a budget: " + text);
        }
        long users;
        try {
            users = Long.parseLong(t.substring(0, slash).strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a budget: " + text, e);
        }
        return new SourceBudget(users, window(t.substring(slash + 1).strip(), text));
    }

    private static Duration window(String w, String text) {
        int split = 0;
        while (split < w.length() && Character.isDigit(w.charAt(split))) {
            split++;
        }
        if (split == 0 || split > 6) {
            throw new IllegalArgumentException("not a budget: " + text);
        }
        long amount = Long.parseLong(w.substring(0, split));
        switch (w.substring(split).strip()) {
            case "s":
                return Duration.ofSeconds(amount);
            case "m":
                return Duration.ofMinutes(amount);
            case "h":
                return Duration.ofHours(amount);
            default:
                throw new IllegalArgumentException("not a budget: " + text);
        }
    }

    /** @return e.g. {@code 20000/5m}, as {@link #parse} reads it */
    @Override
    public String toString() {
        long s = window.toSeconds();
        String w = s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
        return users + "/" + w;
    }
}

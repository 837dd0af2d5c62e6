package io.github.randomuseretl.core.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How many users the source gives one client per window: randomuser.me allows 20,000 per fixed
 * 5-minute window and then answers 429 without {@code Retry-After} until the window ends.
 *
 * <p>The sink enforces it when a run claims its slot, counting the users asked for by every run of the
 * pipeline (any replica, from the ledger) whose requests may have reached the source within the last
 * {@code window}: those that ended (or, still running, whose deadline is) less than {@code window}
 * ago. A run's requests happen between its claim and its end, so whatever the source's fixed windows
 * are aligned to, and however late in its run each request went out, no window of the source sees more
 * than the budget: of the runs whose requests fall in one window, the last claimed saw every other one
 * counted.
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

    /**
     * What one run asked of the source, as the ledger records it.
     *
     * @param at    when its requests to the source were over at the latest: its finish, or its deadline
     *              while it runs
     * @param users how many users it asked for
     */
    public record Spend(Instant at, long users) {

        /** Checks presence and sign. */
        public Spend {
            Objects.requireNonNull(at, "at");
            if (users < 0) {
                throw new IllegalArgumentException("users must not be negative");
            }
        }
    }

    /**
     * Whether a run asking for {@code users} now fits the budget, given what earlier runs asked for:
     * the arithmetic every sink's claim does under its lock.
     *
     * @param spends what runs asked for; those over {@code window} or longer before {@code now} no
     *               longer count
     * @param users  what the new run asks for
     * @param now    when it would start
     * @return empty if it fits now, else the earliest instant it will (when enough of the window has
     *         passed); a run asking for more than the whole budget never fits, and gets a window from now
     */
    public Optional<Instant> deferredUntil(List<Spend> spends, long users, Instant now) {
        Instant windowStart = now.minus(window);
        List<Spend> counted = new ArrayList<>();
        long spent = 0;
        for (Spend s : spends) {
            if (s.at().isAfter(windowStart) && s.users() > 0) {
                counted.add(s);
                spent += s.users();
            }
        }
        if (spent + users <= this.users) {
            return Optional.empty();
        }
        counted.sort(Comparator.comparing(Spend::at));
        long freed = 0;
        for (Spend s : counted) {
            freed += s.users();
            if (spent - freed + users <= this.users) {
                return Optional.of(s.at().plus(window));
            }
        }
        return Optional.of(now.plus(window));
    }

    /**
     * @param spends what runs asked for
     * @param now    an instant
     * @return the users asked for in the window ending at {@code now}
     */
    public long spentAt(List<Spend> spends, Instant now) {
        Instant windowStart = now.minus(window);
        return spends.stream().filter(s -> s.at().isAfter(windowStart)).mapToLong(Spend::users).sum();
    }

    /** @return e.g. {@code 20000/5m}, as {@link #parse} reads it */
    @Override
    public String toString() {
        long s = window.toSeconds();
        String w = s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
        return users + "/" + w;
    }
}

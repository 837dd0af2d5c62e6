package io.github.randomuseretl.core.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Ticks every {@code interval}, on the multiples of it counted from the epoch, so every replica and
 * every restart ticks at the same instants ({@code every 1m}: each minute at second 0).
 *
 * @param interval from 1 s to 24 h
 */
public record IntervalSchedule(Duration interval) implements Schedule {

    private static final Duration MIN = Duration.ofSeconds(1);
    private static final Duration MAX = Duration.ofHours(24);

    /** Checks the range. */
    public IntervalSchedule {
        Objects.requireNonNull(interval, "interval");
        if (interval.compareTo(MIN) < 0 || interval.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("interval must be from 1s to 24h, got " + interval);
        }
    }

    @Override
    public Instant nextAfter(Instant instant) {
        long step = interval.toMillis();
        long now = instant.toEpochMilli();
        // floorDiv keeps instants before the epoch on the same grid.
        return Instant.ofEpochMilli(Math.multiplyExact(Math.floorDiv(now, step) + 1, step));
    }

    @Override
    public String toString() {
        long s = interval.toSeconds();
        if (interval.toMillis() % 1000 != 0) {
            return "every " + interval.toMillis() + "ms";
        }
        if (s % 3600 == 0) {
            return "every " + s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return "every " + s / 60 + "m";
        }
        return "every " + s + "s";
    }

    static Duration parseInterval(String text) {
        int split = 0;
        while (split < text.length() && Character.isDigit(text.charAt(split))) {
            split++;
        }
        if (split == 0 || split > 6) {
            throw new IllegalArgumentException("not an interval: " + text);
        }
        long amount = Long.parseLong(text.substring(0, split));
        switch (text.substring(split).strip()) {
            case "s":
                return Duration.ofSeconds(amount);
            case "m":
                return Duration.ofMinutes(amount);
            case "h":
                return Duration.ofHours(amount);
            default:
                throw new IllegalArgumentException("not an interval: " + text);
        }
    }
}

package io.github.randomuseretl.adapter.randomuser;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.random.RandomGenerator;

/**
 * Delays between attempts: exponential with "equal jitter" (half fixed, half random) so clients that
 * failed together do not retry together, capped; a server's {@code Retry-After} wins when it asks for
 * longer.
 */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;

    Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /**
     * @param retry      0 for the first retry
     * @param retryAfter what the server asked for, or {@code null}
     * @return how long to wait before the retry
     */
    Duration delay(int retry, Duration retryAfter) {
        long cap = max.toMillis();
        long base = Math.min(cap, initial.toMillis() << Math.min(retry, 30));
        long half = base / 2;
        long ms = half + (half > 0 ? random.nextLong(half + 1) : 0);
        Duration d = Duration.ofMillis(ms);
        return retryAfter != null && retryAfter.compareTo(d) > 0 ? retryAfter : d;
    }

    /**
     * Reads a {@code Retry-After} header: seconds, or an HTTP date.
     *
     * @param value the header's value, or {@code null}
     * @param clock the clock an HTTP date is measured from
     * @return the delay, or {@code null} if absent or unreadable
     */
    static Duration parseRetryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(Math.min(seconds, 86_400));
        } catch (NumberFormatException e) {
            // not seconds: try a date
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(clock.instant(), at);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

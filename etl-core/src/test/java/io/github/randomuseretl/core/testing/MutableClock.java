package io.github.randomuseretl.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until the test moves it, for code that takes a clock in its
 * constructor (deadlines, slots, readiness ages) and must be tested without waiting.
 *
 * <pre>{@code
 * MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
 * ... new Thing(clock) ...
 * clock.advance(Duration.ofMinutes(5));
 * clock.set(Instant.parse("2026-03-01T11:00:00Z"));
 * }</pre>
 *
 * <p>Safe to read from other threads than the one moving it (a serve loop, a pool's housekeeping). A
 * clock from {@link #withZone} shares this clock's time, so moving either moves both.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    /**
     * @param start the instant the clock shows until it is moved; its zone is UTC
     */
    public MutableClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * Moves the clock forward (or back, with a negative duration).
     *
     * @param d how far to move it
     */
    public void advance(Duration d) {
        now.updateAndGet(i -> i.plus(d));
    }

    /**
     * Sets the clock to an instant.
     *
     * @param instant what the clock shows from now on
     */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return newZone.equals(zone) ? this : new MutableClock(now, newZone);
    }
}

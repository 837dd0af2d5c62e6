package io.github.randomuseretl.core.model;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The UTC minute a trigger fires for. A slot is the unit of exactly-once: at most one run per
 * pipeline and slot succeeds.
 *
 * @param start the first instant of the minute; seconds and nanoseconds are zero
 */
public record Slot(Instant start) implements Comparable<Slot> {

    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mmX").withZone(ZoneOffset.UTC);

    /** Checks that the instant is a whole minute. */
    public Slot {
        Checks.present(start, "slot");
        if (!start.truncatedTo(ChronoUnit.MINUTES).equals(start)) {
            throw new IllegalArgumentException("a slot must be a whole UTC minute, got " + start);
        }
    }

    /**
     * The slot an instant falls in.
     *
     * @param instant any instant
     * @return the minute containing it
     */
    public static Slot containing(Instant instant) {
        return new Slot(instant.truncatedTo(ChronoUnit.MINUTES));
    }

    /**
     * Parses a slot written as an ISO-8601 minute with an offset, e.g. {@code 2026-01-01T00:00Z}.
     *
     * @param text the slot
     * @return the slot
     * @throws IllegalArgumentException if the text is not a whole minute with an offset
     */
    public static Slot parse(String text) {
        try {
            Instant instant = OffsetDateTime.parse(text).toInstant();
            return new Slot(instant);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("a slot must look like 2026-01-01T00:00Z, got \"" + text + '"', e);
        }
    }

    /** @return the slot after this one */
    public Slot next() {
        return new Slot(start.plus(1, ChronoUnit.MINUTES));
    }

    @Override
    public int compareTo(Slot other) {
        return start.compareTo(other.start);
    }

    /** @return the slot as {@code 2026-01-01T00:00Z} */
    @Override
    public String toString() {
        return TEXT.format(start);
    }
}

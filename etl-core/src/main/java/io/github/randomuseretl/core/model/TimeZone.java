package io.github.randomuseretl.core.model;

import java.util.regex.Pattern;

/**
 * A time zone as the source describes it.
 *
 * @param offset      normalised UTC offset {@code +HH:MM} or {@code -HH:MM}, from -12:00 to +14:00
 * @param description free text such as {@code "Kathmandu"}; may be empty, never null
 */
public record TimeZone(String offset, String description) {

    private static final Pattern OFFSET = Pattern.compile("[+-](\\d{2}):([0-5]\\d)");

    /** Checks the offset's shape and range. */
    public TimeZone {
        Checks.present(offset, "location.timezone.offset");
        Checks.present(description, "location.timezone.description");
        var m = OFFSET.matcher(offset);
        if (!m.matches()) {
            throw new IllegalArgumentException("location.timezone.offset must look like +HH:MM, got \"" + offset + '"');
        }
        int minutes = Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2));
        boolean negative = offset.charAt(0) == '-';
        if ((negative && minutes > 12 * 60) || (!negative && minutes > 14 * 60)) {
            throw new IllegalArgumentException("location.timezone.offset must be from -12:00 to +14:00, got \"" + offset + '"');
        }
    }
}

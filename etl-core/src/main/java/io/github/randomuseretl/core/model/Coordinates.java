package io.github.randomuseretl.core.model;

import java.math.BigDecimal;

/**
 * A point on the globe, kept as exact decimals because the source sends them as decimal text.
 *
 * @param latitude  from -90 to 90
 * @param longitude from -180 to 180
 */
public record Coordinates(BigDecimal latitude, BigDecimal longitude) {

    private static final BigDecimal NINETY = BigDecimal.valueOf(90);
    private static final BigDecimal ONE_EIGHTY = BigDecimal.valueOf(180);

    /** Checks both values are present and in range. */
    public Coordinates {
        Checks.present(latitude, "location.coordinates.latitude");
        Checks.present(longitude, "location.coordinates.longitude");
        if (latitude.abs().compareTo(NINETY) > 0) {
            throw new IllegalArgumentException("location.coordinates.latitude must be from -90 to 90, got " + latitude);
        }
        if (longitude.abs().compareTo(ONE_EIGHTY) > 0) {
            throw new IllegalArgumentException("location.coordinates.longitude must be from -180 to 180, got " + longitude);
        }
    }
}

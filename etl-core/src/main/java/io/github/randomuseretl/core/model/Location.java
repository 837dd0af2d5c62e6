package io.github.randomuseretl.core.model;

/**
 * Where a user lives.
 *
 * @param streetNumber the house number, zero or more
 * @param streetName   the street, not blank
 * @param city         not blank
 * @param state        the state, province or region; may be empty, never null
 * @param country      the country name; {@code null} only for users of the fictional {@code LEGO}
 *                     nationality, which has no country
 * @param postcode     as text, because many countries' postcodes carry letters or leading zeros
 * @param coordinates  the point on the globe
 * @param timeZone     the local time zone
 */
public record Location(
        int streetNumber,
        String streetName,
        String city,
        String state,
        String country,
        String postcode,
        Coordinates coordinates,
        TimeZone timeZone) {

    /** Checks the invariants above. */
    public Location {
        if (streetNumber < 0) {
            throw new IllegalArgumentException("location.street.number must not be negative, got " + streetNumber);
        }
        Checks.notBlank(streetName, "location.street.name");
        Checks.notBlank(city, "location.city");
        Checks.present(state, "location.state");
        if (country != null) {
            Checks.notBlank(country, "location.country");
        }
        Checks.present(postcode, "location.postcode");
        Checks.noLongerThan(postcode, 32, "location.postcode");
        Checks.present(coordinates, "location.coordinates");
        Checks.present(timeZone, "location.timezone");
    }
}

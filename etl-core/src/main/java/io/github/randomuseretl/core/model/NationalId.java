package io.github.randomuseretl.core.model;

/**
 * A national identifier such as a social security number.
 *
 * @param name  the identifier's name (e.g. {@code SSN}); empty where the country has none, never null
 * @param value the identifier; {@code null} where the country has none
 */
public record NationalId(String name, String value) {

    /** Checks that the name is present. */
    public NationalId {
        Checks.present(name, "id.name");
    }
}

package io.github.randomuseretl.core.model;

import java.util.Locale;

/** The gender the source assigns to a generated user. */
public enum Gender {
    /** {@code "female"} in the API. */
    FEMALE,
    /** {@code "male"} in the API. */
    MALE;

    /**
     * Parses the API's lower-case spelling.
     *
     * @param text {@code "female"} or {@code "male"}, any case
     * @return the gender
     * @throws IllegalArgumentException for any other text
     */
    public static Gender fromText(String text) {
        if (text != null) {
            switch (text.toLowerCase(Locale.ROOT)) {
                case "female":
                    return FEMALE;
                case "male":
                    return MALE;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("gender must be \"female\" or \"male\", got " + (text == null ? "null" : '"' + text + '"'));
    }

    /** @return the API's spelling, lower case */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}

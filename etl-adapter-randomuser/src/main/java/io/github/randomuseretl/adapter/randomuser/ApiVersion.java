package io.github.randomuseretl.adapter.randomuser;

import java.util.List;
import java.util.Locale;

/**
 * The randomuser.me API versions this adapter supports. Both share one record shape; they differ in
 * the nationalities they generate. Versions 1.0 to 1.2 have another shape and are not supported.
 */
public enum ApiVersion {

    /** Version 1.3: 17 nationalities. */
    V1_3("1.3", List.of("AU", "BR", "CA", "CH", "DE", "DK", "ES", "FI", "FR", "GB", "IE", "IR", "NL", "NO", "NZ", "TR", "US")),

    /** Version 1.4, the default: 1.3's nationalities plus IN, MX, RS and UA. */
    V1_4("1.4", List.of("AU", "BR", "CA", "CH", "DE", "DK", "ES", "FI", "FR", "GB", "IE", "IN", "IR", "MX", "NL", "NO",
            "NZ", "RS", "TR", "UA", "US"));

    /**
     * The fictional nationality the API generates for {@code ?lego}: its users have no country. It is
     * not one of {@link #nationalities()} because the API ignores {@code nat=LEGO}.
     */
    public static final String LEGO = "LEGO";

    private final String text;
    private final List<String> nationalities;

    ApiVersion(String text, List<String> nationalities) {
        this.text = text;
        this.nationalities = nationalities;
    }

    /** @return the version as it appears in the path and in {@code info.version}, e.g. {@code 1.4} */
    public String text() {
        return text;
    }

    /** @return the nationality codes this version generates, sorted, without {@link #LEGO} */
    public List<String> nationalities() {
        return nationalities;
    }

    /**
     * @param code an upper-case nationality code
     * @return whether records of this version may carry it ({@link #LEGO} included)
     */
    public boolean knows(String code) {
        return LEGO.equals(code) || nationalities.contains(code);
    }

    /**
     * @param text {@code 1.3} or {@code 1.4}
     * @return the version
     * @throws IllegalArgumentException for any other text
     */
    public static ApiVersion parse(String text) {
        for (ApiVersion v : values()) {
            if (v.text.equals(text == null ? null : text.strip().toLowerCase(Locale.ROOT))) {
                return v;
            }
        }
        throw new IllegalArgumentException("unsupported randomuser.me API version " + text + "; supported: " + String.join(", ", texts()));
    }

    /** @return the supported versions' texts, e.g. {@code [1.3, 1.4]} */
    static List<String> texts() {
        return java.util.Arrays.stream(values()).map(ApiVersion::text).toList();
    }

    @Override
    public String toString() {
        return text;
    }
}

package io.github.randomuseretl.runner.scheduler.config;

import io.github.randomuseretl.logging.Redactor;
import java.util.Locale;

/** Hides secrets in setting values and connection strings before anything prints them. */
public final class Masking {

    /** What a hidden value prints as. */
    public static final String MASK = Redactor.MASK;


    private Masking() {
    }

    /**
     * @param name a setting's name
     * @return true if its value is a secret that must never be shown
     */
    public static boolean isSecret(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (n.endsWith("_FILE")) {
            return false;
        }
        return n.contains("PASSWORD") || n.contains("SECRET") || n.contains("TOKEN") || n.endsWith("_KEY");
    }

    /**
     * @param name  a setting's name
     * @param value its value
     * @return the value fit to print: secrets masked, credentials in URLs masked
     */
    public static String value(String name, String value) {
        if (value == null) {
            return null;
        }
        return isSecret(name) ? MASK : text(value);
    }

    /**
     * Masks credentials inside free text: {@code user:password@} in URLs and {@code password=...}
     * style parameters (JDBC URLs, query strings).
     *
     * @param text any text
     * @return the text with credentials masked
     */
    public static String text(String text) {
        return Redactor.credentials(text);
    }
}

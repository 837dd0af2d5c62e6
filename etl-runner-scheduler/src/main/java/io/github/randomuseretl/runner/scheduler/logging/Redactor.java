package io.github.randomuseretl.runner.scheduler.logging;

import io.github.randomuseretl.runner.scheduler.config.Masking;
import java.util.regex.Pattern;

/**
 * The last line of defence before text leaves the process: e-mail addresses and credentials are
 * replaced wherever they appear, including in messages and stack traces of libraries.
 */
public final class Redactor {

    /** What an e-mail address prints as. */
    public static final String EMAIL_MASK = "<email>";

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");

    private Redactor() {
    }

    /**
     * @param text any text
     * @return the text with e-mail addresses and credentials masked
     */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = Masking.text(text);
        return masked.indexOf('@') < 0 ? masked : EMAIL.matcher(masked).replaceAll(EMAIL_MASK);
    }
}

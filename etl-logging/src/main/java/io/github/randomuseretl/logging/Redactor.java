package io.github.randomuseretl.logging;

import java.util.regex.Pattern;

/**
 * The last line of defence before text leaves the process: e-mail addresses and credentials are
 * replaced wherever they appear, including in messages and stack traces of libraries. Both runners log
 * through it ({@link LineEncoder}).
 */
public final class Redactor {

    /** What an e-mail address prints as. */
    public static final String EMAIL_MASK = "<email>";

    /** What a credential prints as. */
    public static final String MASK = "***";

    private static final Pattern URL_USERINFO = Pattern.compile("(?<=://)[^/@\\s?#]+@");
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)((?:password|passwd|pwd|secret|token|sslpassword|sslkey|apikey|api_key)=)[^&;\\s\"']*");

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
        String masked = credentials(text);
        return masked.indexOf('@') < 0 ? masked : EMAIL.matcher(masked).replaceAll(EMAIL_MASK);
    }

    /**
     * Masks credentials inside free text: {@code user:password@} in URLs and {@code password=...}
     * style parameters (JDBC URLs, query strings).
     *
     * @param text any text
     * @return the text with credentials masked
     */
    public static String credentials(String text) {
        if (text == null) {
            return null;
        }
        String t = URL_USERINFO.matcher(text).replaceAll(MASK + "@");
        return SECRET_PARAM.matcher(t).replaceAll("$1" + MASK);
    }
}

package io.github.randomuseretl.runner.scheduler.config;

import io.github.randomuseretl.core.config.Setting;
import java.util.regex.Pattern;

/**
 * Hides credentials in free text (URLs, connection strings) before anything prints it. Whether a
 * setting's whole value is secret is its descriptor's to say.
 */
public final class Masking {

    private static final Pattern URL_USERINFO = Pattern.compile("(?<=://)[^/@\\s?#]+@");
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)((?:password|passwd|pwd|secret|token|sslpassword|sslkey|apikey|api_key)=)[^&;\\s\"']*");

    private Masking() {
    }

    /**
     * Masks credentials inside free text: {@code user:password@} in URLs and {@code password=...}
     * style parameters (JDBC URLs, query strings).
     *
     * @param text any text
     * @return the text with credentials masked
     */
    public static String text(String text) {
        if (text == null) {
            return null;
        }
        String t = URL_USERINFO.matcher(text).replaceAll(Setting.MASK + "@");
        return SECRET_PARAM.matcher(t).replaceAll("$1" + Setting.MASK);
    }
}

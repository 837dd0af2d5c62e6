package io.github.randomuseretl.core.config;

/**
 * A setting is missing or wrong. The message is one line: the setting's name, what it expects and
 * what it got (never the value of a secret).
 */
public class InvalidSettingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String setting;

    /**
     * @param setting  the setting's name, e.g. {@code ETL_USERS_PER_RUN}
     * @param expected what it expects, e.g. {@code "a whole number from 1 to 100000"}
     * @param got      what it got, already masked if secret; {@code null} if it was missing
     */
    public InvalidSettingException(String setting, String expected, String got) {
        super(setting + " must be " + expected + (got == null ? " (it is not set)" : ", got \"" + got + '"'));
        this.setting = setting;
    }

    /** @return the setting's name */
    public String setting() {
        return setting;
    }
}

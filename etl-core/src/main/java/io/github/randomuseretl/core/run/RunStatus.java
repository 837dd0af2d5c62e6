package io.github.randomuseretl.core.run;

import java.util.Locale;

/** How a run stands in the ledger. */
public enum RunStatus {
    /** Claimed and not yet finished. */
    RUNNING,
    /** Loaded and recorded; the slot is done. */
    SUCCEEDED,
    /** Ended with an error, nothing of its batch loaded; the slot may be retried. */
    FAILED,
    /** Left running by a process that died; the slot may be retried. */
    ABANDONED;

    /** @return the ledger's spelling, lower case */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the ledger's spelling.
     *
     * @param text e.g. {@code "succeeded"}, any case
     * @return the status
     */
    public static RunStatus fromText(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}

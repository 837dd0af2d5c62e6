package io.github.randomuseretl.core.run;

import java.util.Locale;

/** What started a run; recorded in the ledger. */
public enum Trigger {
    /** A tick of the long-running scheduler. */
    SCHEDULE,
    /** An EventBridge invocation of the Lambda handler. */
    LAMBDA,
    /** An operator's one-off {@code run}. */
    MANUAL,
    /** One slot of an operator's {@code backfill}. */
    BACKFILL,
    /** A re-validation of quarantined records. */
    REPLAY;

    /** @return the ledger's spelling, lower case */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the ledger's spelling.
     *
     * @param text e.g. {@code "schedule"}, any case
     * @return the trigger
     */
    public static Trigger fromText(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}

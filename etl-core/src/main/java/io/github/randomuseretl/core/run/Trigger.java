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
    REPLAY,
    /** A slot without a succeeded run, run again by a runner after its own tick. */
    CATCH_UP,
    /** A slot reloaded from the raw archive instead of the source. */
    REBUILD;

    /** @return the ledger's spelling: lower case, words joined by {@code -} (e.g. {@code catch-up}) */
    public String text() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses the ledger's spelling.
     *
     * @param text e.g. {@code "schedule"} or {@code "catch-up"}, any case
     * @return the trigger
     */
    public static Trigger fromText(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}

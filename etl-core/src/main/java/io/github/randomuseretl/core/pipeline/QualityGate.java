package io.github.randomuseretl.core.pipeline;

import java.util.Locale;

/**
 * Fails a run whose share of rejected records is above a limit: a batch that bad usually means the
 * source changed, and loading its remainder would hide that. Every rejection is still kept.
 *
 * @param maxRejectedShare the largest share of rejected records allowed, from 0 to 1
 */
public record QualityGate(double maxRejectedShare) {

    /** Checks the range. */
    public QualityGate {
        if (!(maxRejectedShare >= 0 && maxRejectedShare <= 1)) {
            throw new IllegalArgumentException("maxRejectedShare must be from 0 to 1, got " + maxRejectedShare);
        }
    }

    /**
     * @param fetched  records fetched
     * @param rejected records rejected
     * @return why the gate trips, or {@code null} if the batch passes
     */
    public String check(long fetched, long rejected) {
        if (fetched == 0 || (double) rejected / fetched <= maxRejectedShare) {
            return null;
        }
        return String.format(Locale.ROOT, "quality gate: %d of %d records rejected (%.1f%%), at most %.1f%% allowed",
                rejected, fetched, 100.0 * rejected / fetched, 100.0 * maxRejectedShare);
    }
}

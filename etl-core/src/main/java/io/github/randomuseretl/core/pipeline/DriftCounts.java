package io.github.randomuseretl.core.pipeline;

import io.github.randomuseretl.core.model.FieldDrift;
import java.util.HashMap;
import java.util.Map;

/**
 * One run's schema drift: how many records carried each unknown field and lacked each optional part.
 * At most {@link #MAX_POINTERS} pointers of each kind are kept; the rest are counted under
 * {@link #OTHER}, so a source inventing keys cannot grow the ledger row without bound. Confined to the
 * run's thread.
 */
final class DriftCounts {

    /** The most distinct pointers of each kind one run records. */
    static final int MAX_POINTERS = 100;
    /** Where pointers beyond the cap are counted. */
    static final String OTHER = "(other)";

    private final Map<String, Long> unknown = new HashMap<>();
    private final Map<String, Long> missing = new HashMap<>();

    void add(FieldDrift drift) {
        drift.unknown().forEach(p -> count(unknown, p));
        drift.missing().forEach(p -> count(missing, p));
    }

    private static void count(Map<String, Long> counts, String pointer) {
        String key = counts.containsKey(pointer) || counts.size() < MAX_POINTERS ? pointer : OTHER;
        counts.merge(key, 1L, Long::sum);
    }

    Map<String, Long> unknown() {
        return unknown;
    }

    Map<String, Long> missing() {
        return missing;
    }
}

package io.github.randomuseretl.core.run;

import io.github.randomuseretl.core.model.ArchivedObject;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a run's data came from and what shape it had, recorded in its ledger row.
 *
 * @param archived      the raw pages (and manifest) the run stored in the archive, in order; empty with
 *                      the archive off or for a run that read no page
 * @param unknownFields how many records carried each field the contract does not know, by JSON pointer
 *                      (e.g. {@code /location/plus_code}); schema drift the API added
 * @param missingFields how many records lacked each optional part the contract knows, by JSON pointer;
 *                      schema drift the API removed
 */
public record RunProvenance(List<ArchivedObject> archived, Map<String, Long> unknownFields, Map<String, Long> missingFields) {

    /** Nothing archived, no drift seen. */
    public static final RunProvenance NONE = new RunProvenance(List.of(), Map.of(), Map.of());

    /** Copies; the maps are sorted by pointer. */
    public RunProvenance {
        archived = List.copyOf(Objects.requireNonNull(archived, "archived"));
        unknownFields = sorted(unknownFields, "unknownFields");
        missingFields = sorted(missingFields, "missingFields");
    }

    private static Map<String, Long> sorted(Map<String, Long> counts, String what) {
        Objects.requireNonNull(counts, what);
        TreeMap<String, Long> copy = new TreeMap<>();
        counts.forEach((k, v) -> {
            if (k == null || v == null || v < 0) {
                throw new IllegalArgumentException(what + " holds a null pointer or a negative count");
            }
            copy.put(k, v);
        });
        return Collections.unmodifiableMap(copy);
    }

    /**
     * @param objects what the run archived
     * @return this with those objects
     */
    public RunProvenance withArchived(List<ArchivedObject> objects) {
        return new RunProvenance(objects, unknownFields, missingFields);
    }
}

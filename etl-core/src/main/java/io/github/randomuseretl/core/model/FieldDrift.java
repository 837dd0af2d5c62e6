package io.github.randomuseretl.core.model;

import java.util.List;
import java.util.Objects;

/**
 * How one record's shape differs from the contract: schema drift, seen per record.
 *
 * @param unknown JSON pointers of fields the contract does not know (e.g. {@code /location/plus_code}):
 *                the API added them
 * @param missing JSON pointers of optional parts the contract knows that the record lacks: the API may
 *                have stopped sending them
 */
public record FieldDrift(List<String> unknown, List<String> missing) {

    /** The most pointers of each kind one record reports; a record cannot make a run's counts grow without bound. */
    public static final int MAX_POINTERS = 32;

    /** A record exactly as the contract describes it. */
    public static final FieldDrift NONE = new FieldDrift(List.of(), List.of());

    /** Checks presence and copies. */
    public FieldDrift {
        unknown = List.copyOf(Objects.requireNonNull(unknown, "unknown"));
        missing = List.copyOf(Objects.requireNonNull(missing, "missing"));
        if (unknown.size() > MAX_POINTERS || missing.size() > MAX_POINTERS) {
            throw new IllegalArgumentException("a record reports at most " + MAX_POINTERS + " pointers of each kind");
        }
    }

    /** @return true if the record has neither unknown fields nor missing optional parts */
    public boolean isEmpty() {
        return unknown.isEmpty() && missing.isEmpty();
    }
}

package io.github.randomuseretl.core.run;

/**
 * What a load did to the users table, counted exactly by the sink.
 *
 * @param inserted  users seen for the first time
 * @param updated   known users whose attributes changed
 * @param unchanged known users loaded again with the same attributes
 * @param rejected  records kept in quarantine
 */
public record LoadCounts(long inserted, long updated, long unchanged, long rejected) {

    /** Nothing loaded. */
    public static final LoadCounts NONE = new LoadCounts(0, 0, 0, 0);

    /** Checks that no count is negative. */
    public LoadCounts {
        if (inserted < 0 || updated < 0 || unchanged < 0 || rejected < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /** @return users written or confirmed: inserted + updated + unchanged */
    public long users() {
        return inserted + updated + unchanged;
    }
}

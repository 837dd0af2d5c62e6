package io.github.randomuseretl.core.port;

/**
 * What a fetch cost, for logs and metrics.
 *
 * @param records records delivered
 * @param pages   responses read
 * @param retries requests repeated after a transient failure
 * @param bytes   response bytes read (after decompression)
 */
public record FetchStats(long records, int pages, int retries, long bytes) {

    /** Checks that no figure is negative. */
    public FetchStats {
        if (records < 0 || pages < 0 || retries < 0 || bytes < 0) {
            throw new IllegalArgumentException("fetch figures must not be negative");
        }
    }
}

package io.github.randomuseretl.core.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One object a {@link RawArchive} stored, as the run ledger lists it.
 *
 * @param key    the object's key below the archive's root (e.g.
 *               {@code randomuser/api=1.4/date=2026-01-01/slot=0000/attempt=1/page-1.json.gz})
 * @param bytes  the stored (gzip-compressed) object's size
 * @param sha256 the stored object's SHA-256, 64 lower-case hex digits: {@code sha256sum} of the file or
 *               of the downloaded S3 object prints it
 */
public record ArchivedObject(String key, long bytes, String sha256) {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /** Checks presence and form. */
    public ArchivedObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sha256, "sha256");
        if (key.isBlank() || key.startsWith("/")) {
            throw new IllegalArgumentException("an archive key is relative and not blank, got \"" + key + '"');
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative");
        }
        if (!HEX64.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
        }
    }
}

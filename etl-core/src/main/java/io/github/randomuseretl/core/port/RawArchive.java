package io.github.randomuseretl.core.port;

import io.github.randomuseretl.core.model.ArchivedObject;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The raw landing zone (the data lake): every page a source served, stored exactly as received and
 * gzip-compressed, so a later mapping can reprocess users that can never be fetched again.
 *
 * <p>Keys are relative paths with {@code /} separators; {@link ArchiveLayout} decides them (a Hive-style
 * layout). An implementation stores under its own root (a directory, an S3 bucket and prefix). A
 * {@link #put} that returns has stored the object durably (a file is synced and renamed into place, an
 * S3 PUT has been acknowledged); a {@code put} that throws leaves no object a reader could mistake for
 * whole. Implementations are thread-safe.
 */
public interface RawArchive {

    /**
     * Stores content gzip-compressed under a key, replacing an object of that key.
     *
     * @param key     where, relative to the archive's root; ends {@code .gz}
     * @param content the bytes exactly as received
     * @return the stored object: key, compressed size and the compressed object's SHA-256
     * @throws ArchiveException if it could not be stored
     */
    ArchivedObject put(String key, byte[] content);

    /**
     * Reads an object and decompresses it.
     *
     * @param key      the object's key
     * @param maxBytes the most decompressed bytes to accept
     * @return the content, or empty if there is no such object
     * @throws ArchiveException if it could not be read, is corrupt or decompresses to more than {@code maxBytes}
     */
    Optional<byte[]> get(String key, long maxBytes);

    /**
     * Lists the keys of the objects under a prefix.
     *
     * @param prefix a key prefix ending in {@code /}
     * @return the keys, relative to the archive's root, sorted
     * @throws ArchiveException if the listing failed
     */
    List<String> list(String prefix);

    /**
     * Deletes the objects of the {@code date=} partitions before a day: the archive's retention
     * ({@code prune --archive}).
     *
     * @param day partitions of days before this one are deleted
     * @return how many objects were deleted, or empty if this archive leaves expiry to its store (an S3
     *         lifecycle rule), as the default does
     * @throws ArchiveException if deleting failed
     */
    default OptionalLong pruneBefore(LocalDate day) {
        return OptionalLong.empty();
    }

    /** @return where the archive is, for logs (never a credential) */
    String describe();
}

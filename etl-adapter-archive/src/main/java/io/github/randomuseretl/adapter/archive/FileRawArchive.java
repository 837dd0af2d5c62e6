package io.github.randomuseretl.adapter.archive;

import io.github.randomuseretl.core.port.ArchiveException;
import io.github.randomuseretl.core.model.ArchivedObject;
import io.github.randomuseretl.core.port.RawArchive;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The archive in a directory ({@code ETL_ARCHIVE_URL=file:///absolute/path}, or {@code ETL_DATA_DIR/archive}
 * under the embedded database). An object is written to a hidden temporary file beside its place,
 * forced to disk, then renamed into place atomically: a reader sees a whole object or none, and a crash
 * leaves only a hidden temporary file, which listings skip.
 */
public final class FileRawArchive implements RawArchive {

    private static final Pattern DATE = Pattern.compile("date=(\\d{4}-\\d{2}-\\d{2})");

    private final Path root;

    /** @param root an absolute directory; made when the first object is stored */
    public FileRawArchive(Path root) {
        Objects.requireNonNull(root, "root");
        if (!root.isAbsolute()) {
            throw new IllegalArgumentException("the archive's directory must be absolute, got " + root);
        }
        this.root = root.normalize();
    }

    @Override
    public ArchivedObject put(String key, byte[] content) {
        Path target = resolve(key);
        byte[] gz = Gzip.compress(content);
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(gz);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            return new ArchivedObject(key, gz.length, Gzip.sha256(gz));
        } catch (IOException e) {
            throw new ArchiveException("could not store " + key + " in " + root + ": " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a hidden temporary file left behind is skipped by listings
                }
            }
        }
    }

    @Override
    public Optional<byte[]> get(String key, long maxBytes) {
        Path path = resolve(key);
        try (InputStream in = Files.newInputStream(path)) {
            return Optional.of(Gzip.decompress(in, maxBytes, key));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ArchiveException("could not read " + key + " from " + root + ": " + e, e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        Path dir = resolve(prefix.endsWith("/") ? prefix + "x" : prefix).getParent();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .map(p -> root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/"))
                    .filter(k -> k.startsWith(prefix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ArchiveException("could not list " + prefix + " in " + root + ": " + e, e);
        }
    }

    /**
     * Deletes the {@code date=} partitions older than a day ({@code prune --archive}): the file archive's
     * retention; S3 has lifecycle rules for it.
     *
     * @param before partitions of days before this are deleted
     * @return how many files were deleted
     */
    @Override
    public OptionalLong pruneBefore(LocalDate before) {
        if (!Files.isDirectory(root)) {
            return OptionalLong.of(0);
        }
        List<Path> doomed = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(root, 3)) {
            dirs.filter(Files::isDirectory).forEach(d -> {
                Matcher m = DATE.matcher(d.getFileName().toString());
                if (m.matches() && LocalDate.parse(m.group(1)).isBefore(before)) {
                    doomed.add(d);
                }
            });
        } catch (IOException e) {
            throw new ArchiveException("could not list " + root + ": " + e, e);
        }
        long deleted = 0;
        for (Path d : doomed) {
            try (Stream<Path> all = Files.walk(d)) {
                for (Path p : all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                    if (Files.isRegularFile(p)) {
                        deleted++;
                    }
                    Files.delete(p);
                }
            } catch (IOException e) {
                throw new ArchiveException("could not prune " + d + ": " + e, e);
            }
        }
        return OptionalLong.of(deleted);
    }

    @Override
    public String describe() {
        return root.toUri().toString();
    }

    /** @return the directory */
    public Path root() {
        return root;
    }

    private Path resolve(String key) {
        Objects.requireNonNull(key, "key");
        Path p = root.resolve(key).normalize();
        if (key.startsWith("/") || !p.startsWith(root) || p.equals(root)) {
            throw new ArchiveException("archive key " + key + " leaves the archive's directory; refused");
        }
        return p;
    }
}

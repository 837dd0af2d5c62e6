package io.github.randomuseretl.core.testing;

import io.github.randomuseretl.core.port.ArchiveException;
import io.github.randomuseretl.core.model.ArchivedObject;
import io.github.randomuseretl.core.port.RawArchive;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** A {@link RawArchive} in memory that stores gzip like the real ones and can be told to fail. */
public final class InMemoryRawArchive implements RawArchive {

    private final Map<String, byte[]> objects = new ConcurrentSkipListMap<>();
    private volatile boolean failing;

    /** @param fail true: every put from now on throws, as a full disk or a denied bucket would */
    public void failing(boolean fail) {
        this.failing = fail;
    }

    @Override
    public ArchivedObject put(String key, byte[] content) {
        if (failing) {
            throw new ArchiveException("could not store " + key + ": the archive refuses writes (test)");
        }
        byte[] gz = gzip(content);
        objects.put(key, gz);
        return new ArchivedObject(key, gz.length, sha256(gz));
    }

    @Override
    public Optional<byte[]> get(String key, long maxBytes) {
        byte[] gz = objects.get(key);
        if (gz == null) {
            return Optional.empty();
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        return objects.keySet().stream().filter(k -> k.startsWith(prefix)).sorted().toList();
    }

    @Override
    public String describe() {
        return "memory";
    }

    /** @return every key stored, sorted */
    public List<String> keys() {
        return List.copyOf(objects.keySet());
    }

    /** @return the stored (compressed) bytes of a key, or null */
    public byte[] stored(String key) {
        return objects.get(key);
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

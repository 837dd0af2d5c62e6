package io.github.randomuseretl.adapter.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.port.ArchiveException;
import io.github.randomuseretl.core.model.ArchivedObject;
import io.github.randomuseretl.core.port.RawArchive;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** What every {@link RawArchive} does, checked against a real store by each implementation's IT. */
abstract class RawArchiveContract {

    /** @return an empty archive */
    abstract RawArchive archive();

    /** @return the stored (compressed) bytes of a key, read from the store directly */
    abstract byte[] storedBytes(String key) throws Exception;

    /** @return an archive whose store refuses every write (a real fault of the store) */
    abstract RawArchive unwritable() throws Exception;

    private static final byte[] PAGE = "{\"results\":[{\"name\":\"Zoë\"}],\"info\":{\"page\":1}}\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void aStoredPageIsGzipOfExactlyTheBytesGivenAndItsSizeAndDigestAreTheStoredObjects() throws Exception {
        RawArchive a = archive();
        String key = "randomuser/api=1.4/date=2026-01-01/slot=0000/attempt=1/page-1.json.gz";

        ArchivedObject o = a.put(key, PAGE);

        byte[] stored = storedBytes(key);
        assertEquals(new ArchivedObject(key, stored.length, Gzip.sha256(stored)), o);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(stored))) {
            assertArrayEquals(PAGE, in.readAllBytes(), "the object decompresses to what was given");
        }
        assertArrayEquals(PAGE, a.get(key, 1 << 20).orElseThrow());
    }

    @Test
    void listingFindsEveryKeyUnderAPrefixSortedAndNothingElse() {
        RawArchive a = archive();
        a.put("p/api=1.4/date=2026-01-01/slot=0001/attempt=2/page-1.json.gz", PAGE);
        a.put("p/api=1.4/date=2026-01-01/slot=0001/attempt=1/page-1.json.gz", PAGE);
        a.put("p/api=1.4/date=2026-01-01/slot=0001/attempt=1/manifest.tsv.gz", PAGE);
        a.put("p/api=1.4/date=2026-01-01/slot=0002/attempt=1/page-1.json.gz", PAGE);

        assertEquals(List.of("p/api=1.4/date=2026-01-01/slot=0001/attempt=1/manifest.tsv.gz",
                "p/api=1.4/date=2026-01-01/slot=0001/attempt=1/page-1.json.gz",
                "p/api=1.4/date=2026-01-01/slot=0001/attempt=2/page-1.json.gz"), a.list("p/api=1.4/date=2026-01-01/slot=0001/"));
        assertEquals(List.of(), a.list("p/api=1.4/date=2026-01-02/"));
    }

    @Test
    void aMissingObjectIsEmptyAndOneLargerThanTheCapIsRefused() {
        RawArchive a = archive();
        assertEquals(Optional.empty(), a.get("p/none.json.gz", 100));
        a.put("p/big.json.gz", new byte[10_000]);

        ArchiveException e = assertThrows(ArchiveException.class, () -> a.get("p/big.json.gz", 9_999));
        assertTrue(e.getMessage().contains("more than 9999 bytes"), e.getMessage());
    }

    @Test
    void aStoreThatRefusesWritesThrowsNamingTheObject() throws Exception {
        RawArchive a = unwritable();

        ArchiveException e = assertThrows(ArchiveException.class, () -> a.put("p/x/page-1.json.gz", PAGE));

        assertTrue(e.getMessage().contains("p/x/page-1.json.gz"), e.getMessage());
    }
}

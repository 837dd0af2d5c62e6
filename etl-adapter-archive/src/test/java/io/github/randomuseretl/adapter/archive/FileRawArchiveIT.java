package io.github.randomuseretl.adapter.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.randomuseretl.core.port.ArchiveException;
import io.github.randomuseretl.core.port.RawArchive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file archive on a real directory. */
class FileRawArchiveIT extends RawArchiveContract {

    @TempDir
    Path dir;

    @Override
    RawArchive archive() {
        return new FileRawArchive(dir.resolve("lake"));
    }

    @Override
    byte[] storedBytes(String key) throws Exception {
        return Files.readAllBytes(dir.resolve("lake").resolve(key));
    }

    /** The archive's directory is a file: nothing can be made under it. */
    @Override
    RawArchive unwritable() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        return new FileRawArchive(file);
    }

    @Test
    void aKeyThatWouldLeaveTheDirectoryIsRefused() {
        RawArchive a = archive();
        assertThrows(ArchiveException.class, () -> a.put("../outside.json.gz", new byte[1]));
        assertThrows(ArchiveException.class, () -> a.put("/etc/x.json.gz", new byte[1]));
    }

    @Test
    void pruneDeletesTheDatePartitionsBeforeADayAndKeepsTheRest() {
        FileRawArchive a = new FileRawArchive(dir.resolve("lake"));
        a.put("p/api=1.4/date=2026-01-01/slot=0000/attempt=1/page-1.json.gz", new byte[1]);
        a.put("p/api=1.4/date=2026-01-01/slot=0001/attempt=1/page-1.json.gz", new byte[1]);
        a.put("p/api=1.4/date=2026-01-02/slot=0000/attempt=1/page-1.json.gz", new byte[1]);

        assertEquals(java.util.OptionalLong.of(2), a.pruneBefore(LocalDate.parse("2026-01-02")));

        assertEquals(List.of("p/api=1.4/date=2026-01-02/slot=0000/attempt=1/page-1.json.gz"), a.list("p/"));
    }
}

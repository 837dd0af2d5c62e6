package io.github.randomuseretl.runner.scheduler.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.randomuseretl.adapter.archive.ArchiveSettings;
import io.github.randomuseretl.core.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The archive is on by default under the embedded database, in its data directory, and off with a database of one's own. */
class ArchiveDefaultsTest {

    @Test
    void theEmbeddedDatabaseKeepsItsArchiveInItsDataDirectory() {
        SchedulerConfig config = SchedulerConfig.from(Settings.of(Map.of("ETL_DATA_DIR", "/srv/etl-data")));

        assertEquals(new ArchiveSettings.Location.Directory(Path.of("/srv/etl-data/archive")), config.archive().location());
    }

    @Test
    void aDatabaseOfOnesOwnHasNoArchiveUnlessOneIsNamedAndOffTurnsTheDefaultOff() {
        Map<String, String> server = Map.of("ETL_DB_URL", "jdbc:postgresql://db/etl", "ETL_DB_USER", "etl");
        assertFalse(SchedulerConfig.from(Settings.of(server)).archive().enabled());
        assertFalse(SchedulerConfig.from(Settings.of(Map.of("ETL_DATA_DIR", "/srv/etl-data", "ETL_ARCHIVE_URL", "off"))).archive().enabled());
    }
}

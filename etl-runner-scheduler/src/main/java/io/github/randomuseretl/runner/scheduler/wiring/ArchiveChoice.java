package io.github.randomuseretl.runner.scheduler.wiring;

import io.github.randomuseretl.core.port.RawArchive;
import java.util.Objects;
import java.util.Optional;

/**
 * The raw archive ETL_ARCHIVE_URL chose, or none.
 *
 * @param archive the archive, empty when it is off
 */
record ArchiveChoice(Optional<RawArchive> archive) {

    ArchiveChoice {
        Objects.requireNonNull(archive, "archive");
    }
}

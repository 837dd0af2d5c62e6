package io.github.randomuseretl.runner.scheduler.wiring;

import io.github.randomuseretl.core.port.RawArchive;
import java.util.Objects;
import java.util.Optional;

/**
 * The raw archive ETL_ARCHIVE_URL chose, or none; commands see it through the core's port.
 *
 * @param archive the archive, empty when it is off
 */
public record ArchiveChoice(Optional<RawArchive> archive) {

    /** Checks presence. */
    public ArchiveChoice {
        Objects.requireNonNull(archive, "archive");
    }
}

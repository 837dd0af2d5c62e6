package io.github.randomuseretl.adapter.archive;

import io.github.randomuseretl.core.port.RawArchive;
import java.util.Optional;

/** Opens the archive the settings name. */
public final class RawArchives {

    private RawArchives() {
    }

    /**
     * @param settings the checked settings
     * @return the archive, or empty when it is off; opening touches no network
     */
    public static Optional<RawArchive> open(ArchiveSettings settings) {
        if (settings.location() instanceof ArchiveSettings.Location.Directory d) {
            return Optional.of(new FileRawArchive(d.path()));
        }
        if (settings.location() instanceof ArchiveSettings.Location.S3) {
            return Optional.of(S3RawArchive.create(settings));
        }
        return Optional.empty();
    }
}

package io.github.randomuseretl.core.port;

import io.github.randomuseretl.core.model.RejectionReason;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One record kept in quarantine, as {@link RunLedger#quarantined} lists it.
 *
 * @param id             the record's identifier in the quarantine
 * @param runId          the run that rejected it
 * @param quarantinedAt  when
 * @param origin         where the record came from (source, page, index)
 * @param payload        the record as it was received, credential values redacted in place (records
 *                       quarantined before schema version 6: JSON in PostgreSQL's normal form)
 * @param sha256         SHA-256 of the stored bytes, 64 lower-case hex digits
 * @param reasons        every reason it was rejected
 * @param replayedAt     when a replay loaded it, or {@code null} while it waits
 * @param replayedByRun  the replay run that loaded it, or {@code null}
 */
public record QuarantinedRecord(long id, UUID runId, Instant quarantinedAt, String origin, String payload, String sha256,
        List<RejectionReason> reasons, Instant replayedAt, UUID replayedByRun) {

    /** Checks presence; copies the reasons. */
    public QuarantinedRecord {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(quarantinedAt, "quarantinedAt");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(sha256, "sha256");
        reasons = List.copyOf(reasons);
    }

    /** @return true once a replay has loaded this record */
    public boolean replayed() {
        return replayedAt != null;
    }

    /** @return the replay run that loaded it, if any */
    public Optional<UUID> replayedBy() {
        return Optional.ofNullable(replayedByRun);
    }

    /** Never prints the payload: it holds personal data. */
    @Override
    public String toString() {
        return "QuarantinedRecord[id=" + id + ", run=" + runId + ", at=" + quarantinedAt + ", reasons=" + reasons.size()
                + (replayed() ? ", replayed by " + replayedByRun : "") + "]";
    }
}

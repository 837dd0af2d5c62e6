package io.github.randomuseretl.runner.scheduler.rebuild;

import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.pipeline.EtlPipeline;
import io.github.randomuseretl.core.port.RawArchive;
import io.github.randomuseretl.core.run.RunOutcome;
import io.github.randomuseretl.core.run.Trigger;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reloads slots from the raw archive: each slot is a run of its own with trigger {@code rebuild}, claimed
 * like any run, so a slot already loaded is left alone (unless forced), a slot in flight elsewhere is
 * busy, and catch-up and backfill, which claim the same way, never load a slot twice alongside it.
 */
public final class Rebuild {

    /** The archive is off: there is nothing to rebuild from. */
    public static final Rebuild OFF = new Rebuild(null, slot -> false, null);

    private final EtlPipeline pipeline;
    private final Predicate<Slot> archived;
    private final RawArchive archive;

    /**
     * @param pipeline a pipeline whose source reads the archive
     * @param archived whether the archive holds a complete attempt of a slot
     * @param archive  the archive, for messages
     */
    public Rebuild(EtlPipeline pipeline, Predicate<Slot> archived, RawArchive archive) {
        this.pipeline = pipeline;
        this.archived = archived;
        this.archive = archive;
    }

    /** @return where the archive is, or empty when it is off */
    public Optional<String> archive() {
        return Optional.ofNullable(archive).map(RawArchive::describe);
    }

    /**
     * @param slot a slot
     * @return true if the archive holds a complete attempt of it
     */
    public boolean archived(Slot slot) {
        return pipeline != null && archived.test(slot);
    }

    /**
     * Runs one slot from the archive.
     *
     * @param slot  the slot
     * @param force reload a slot that already succeeded (after a mapping fix): changed users get new
     *              versions, unchanged ones are counted unchanged, nothing is duplicated
     * @return what the run did
     */
    public RunOutcome run(Slot slot, boolean force) {
        if (pipeline == null) {
            throw new IllegalStateException("the archive is off");
        }
        return force ? pipeline.reload(slot) : pipeline.run(slot, Trigger.REBUILD);
    }
}

package io.github.randomuseretl.runner.scheduler.observe;

import io.github.randomuseretl.core.catchup.Gap;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The slots inside the catch-up window that have no succeeded run, as last seen by a tick's catch-up
 * or a readiness check (both read the ledger, so every replica reports the same): the gauge
 * {@code etl_slots_missing} (NaN until first known) and the list {@code /health/ready} shows.
 */
public final class MissingSlots {

    private final AtomicReference<List<Gap>> latest = new AtomicReference<>();

    /**
     * @param registry where the gauge lives
     */
    public MissingSlots(MeterRegistry registry) {
        Gauge.builder("etl.slots.missing", latest, ref -> {
            List<Gap> gaps = ref.get();
            return gaps == null ? Double.NaN : gaps.size();
        }).description("Slots inside the catch-up window (ETL_CATCH_UP) that have no succeeded run").register(Objects.requireNonNull(registry));
    }

    /**
     * @param gaps the slots missing now, oldest first
     */
    public void update(List<Gap> gaps) {
        latest.set(List.copyOf(gaps));
    }

    /** @return the slots last seen missing, if known yet */
    public Optional<List<Gap>> latest() {
        return Optional.ofNullable(latest.get());
    }
}

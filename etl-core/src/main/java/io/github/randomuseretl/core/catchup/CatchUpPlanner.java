package io.github.randomuseretl.core.catchup;

import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.port.RunLedger;
import io.github.randomuseretl.core.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which slots of a pipeline have no succeeded run: the slots its schedule's ticks fall in, from the
 * pipeline's first recorded run on (so a new install never plans history: {@code backfill} does that),
 * compared with how each stands in the {@link RunLedger}.
 *
 * <p>The same planner serves {@code serve}'s and Lambda's catch-up, the {@code gaps} command, the
 * {@code etl_slots_missing} gauge and readiness. Thread-safe; every call reads the ledger afresh.
 */
public final class CatchUpPlanner {

    private final RunLedger ledger;
    private final String pipeline;
    private final Schedule schedule;
    private final Duration window;

    /**
     * @param ledger   where runs are recorded
     * @param pipeline the pipeline's name
     * @param settings the schedule and the catch-up window
     */
    public CatchUpPlanner(RunLedger ledger, String pipeline, CatchUpSettings settings) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.schedule = settings.schedule();
        this.window = settings.window();
    }

    /** @return the pipeline whose slots are planned */
    public String pipeline() {
        return pipeline;
    }

    /** @return the schedule slots are due on */
    public Schedule schedule() {
        return schedule;
    }

    /** @return how far back catch-up reaches; zero when it is off */
    public Duration window() {
        return window;
    }

    /**
     * The slots catch-up should run now: due inside the window before the current slot, with no
     * succeeded run, oldest first.
     *
     * @param current the slot of the tick just run; it and later slots are not planned
     * @return the gaps; empty when catch-up is off
     * @throws io.github.randomuseretl.core.port.SinkException if the ledger cannot be read
     */
    public List<Gap> missing(Slot current) {
        if (window.isZero()) {
            return List.of();
        }
        return gaps(current.start().minus(window), current.start());
    }

    /**
     * The due slots without a succeeded run in a range, each with its latest status and error.
     *
     * @param from   first slot start, inclusive
     * @param before last slot start, exclusive
     * @return the gaps, oldest first; empty if the pipeline never ran
     * @throws io.github.randomuseretl.core.port.SinkException if the ledger cannot be read
     */
    public List<Gap> gaps(Instant from, Instant before) {
        Optional<Slot> first = ledger.firstSlot(pipeline);
        if (first.isEmpty()) {
            return List.of();
        }
        Instant start = first.get().start();
        Instant effectiveFrom = from.isAfter(start) ? from : start;
        if (!effectiveFrom.isBefore(before)) {
            return List.of();
        }
        List<Slot> due = DueSlots.between(schedule, effectiveFrom, before);
        if (due.isEmpty()) {
            return List.of();
        }
        Map<Slot, RunLedger.SlotRuns> recorded = new HashMap<>();
        for (RunLedger.SlotRuns s : ledger.slots(pipeline, due.get(0).start(), before)) {
            recorded.put(s.slot(), s);
        }
        List<Gap> gaps = new ArrayList<>();
        for (Slot slot : due) {
            RunLedger.SlotRuns s = recorded.get(slot);
            if (s == null) {
                gaps.add(new Gap(slot, 0, null, null));
            } else if (!s.succeeded()) {
                gaps.add(new Gap(slot, s.runs(), s.lastStatus(), s.lastError()));
            }
        }
        return gaps;
    }
}

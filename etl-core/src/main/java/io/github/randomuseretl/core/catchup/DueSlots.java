package io.github.randomuseretl.core.catchup;

import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.schedule.Schedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The slots a schedule's ticks fall in: ticks finer than a minute share their minute's slot. */
final class DueSlots {

    private DueSlots() {
    }

    /**
     * @param schedule the ticks
     * @param from     first slot start, inclusive
     * @param before   last slot start, exclusive
     * @return each slot with at least one tick in it, oldest first
     */
    static List<Slot> between(Schedule schedule, Instant from, Instant before) {
        List<Slot> out = new ArrayList<>();
        // The first tick at or after the first whole minute from `from`.
        Slot first = Slot.containing(from);
        Instant start = first.start().isBefore(from) ? first.next().start() : first.start();
        Instant tick = schedule.nextAfter(start.minusNanos(1));
        while (tick.isBefore(before)) {
            Slot slot = Slot.containing(tick);
            out.add(slot);
            // Jump to the first tick of a later slot: one per slot, however fine the schedule.
            tick = schedule.nextAfter(slot.next().start().minusNanos(1));
        }
        return out;
    }
}

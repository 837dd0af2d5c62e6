package io.github.randomuseretl.runner.lambda;

import io.github.randomuseretl.core.model.Slot;
import java.time.Instant;
import java.util.Objects;

/**
 * One delivery of a schedule tick, as read from the invocation's event.
 *
 * @param origin        which kind of event carried it
 * @param scheduledTime when the tick was scheduled to fire (not when it arrived)
 * @param id            the event's or the schedule execution's id, for the logs; may be empty
 */
record ScheduledTick(Origin origin, Instant scheduledTime, String id) {

    /** Which EventBridge feature delivered the tick. */
    enum Origin {
        /** An EventBridge rule with a schedule expression: the "Scheduled Event" envelope. */
        EVENTBRIDGE_RULE,
        /** An EventBridge Scheduler schedule whose input carries {@code <aws.scheduler.scheduled-time>}. */
        EVENTBRIDGE_SCHEDULER
    }

    /** Checks presence. */
    ScheduledTick {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(scheduledTime, "scheduledTime");
        id = id == null ? "" : id;
    }

    /** @return the minute the tick is for: every delivery of the same tick maps to the same slot */
    Slot slot() {
        return Slot.containing(scheduledTime);
    }
}

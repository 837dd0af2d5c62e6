package io.github.randomuseretl.core.catchup;

import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.run.SourceBudget;
import io.github.randomuseretl.core.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Whether a source's budget can sustain a schedule: the users per run times the most slots the
 * schedule makes due in any one window must fit the budget, or slots will wait for it and some will
 * be caught up late or not at all.
 */
public final class BudgetCheck {

    /** A Monday: eight days from it cover every weekday of a cron schedule. */
    private static final Instant REFERENCE = Instant.parse("2026-01-05T00:00:00Z");
    private static final Duration SPAN = Duration.ofDays(8);

    private BudgetCheck() {
    }

    /**
     * @param schedule the schedule
     * @param window   a window
     * @return the most slots due within any interval of that length
     */
    public static int slotsPerWindow(Schedule schedule, Duration window) {
        List<Slot> slots = DueSlots.between(schedule, REFERENCE, REFERENCE.plus(SPAN).plus(window));
        int most = 0;
        int first = 0;
        for (int last = 0; last < slots.size(); last++) {
            while (!slots.get(first).start().plus(window).isAfter(slots.get(last).start())) {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most;
    }

    /**
     * @param budget      the source's budget
     * @param schedule    the schedule
     * @param usersPerRun the users one run asks for
     * @return one line saying why the budget cannot sustain the schedule, or empty if it can
     */
    public static Optional<String> unsustainable(SourceBudget budget, Schedule schedule, long usersPerRun) {
        int slots = slotsPerWindow(schedule, budget.window());
        long needed = usersPerRun * slots;
        if (needed <= budget.users()) {
            return Optional.empty();
        }
        String window = new SourceBudget(1, budget.window()).toString().substring(2);
        return Optional.of("ETL_USERS_PER_RUN " + usersPerRun + " x " + slots + " slot(s) per " + window + " (ETL_SCHEDULE \""
                + schedule + "\") = " + needed + " users, more than ETL_SOURCE_BUDGET " + budget
                + " allows: runs will be deferred and some slots left to catch-up or missed; lower ETL_USERS_PER_RUN or tick less often");
    }
}

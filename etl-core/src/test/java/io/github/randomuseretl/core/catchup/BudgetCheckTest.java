package io.github.randomuseretl.core.catchup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.run.SourceBudget;
import io.github.randomuseretl.core.schedule.Schedule;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BudgetCheckTest {

    @Test
    void slotsPerWindowCountsMinutesNotTicks() {
        assertEquals(5, BudgetCheck.slotsPerWindow(Schedule.parse("every 1m"), Duration.ofMinutes(5)));
        assertEquals(5, BudgetCheck.slotsPerWindow(Schedule.parse("every 2s"), Duration.ofMinutes(5)), "ticks of a minute share its slot");
        assertEquals(1, BudgetCheck.slotsPerWindow(Schedule.parse("every 2s"), Duration.ofSeconds(10)));
        assertEquals(1, BudgetCheck.slotsPerWindow(Schedule.parse("*/5 * * * *"), Duration.ofMinutes(5)));
        assertEquals(3, BudgetCheck.slotsPerWindow(Schedule.parse("0,1,2 9 * * MON"), Duration.ofMinutes(5)), "the busiest window counts");
    }

    @Test
    void theDefaultsAreSustainableAndAFiveThousandUserRunEveryMinuteIsNot() {
        assertEquals(Optional.empty(), BudgetCheck.unsustainable(SourceBudget.RANDOMUSER, Schedule.EVERY_MINUTE, 100));
        assertEquals(Optional.empty(), BudgetCheck.unsustainable(SourceBudget.RANDOMUSER, Schedule.EVERY_MINUTE, 4000));
        String line = BudgetCheck.unsustainable(SourceBudget.RANDOMUSER, Schedule.EVERY_MINUTE, 5000).orElseThrow();
        assertEquals("ETL_USERS_PER_RUN 5000 x 5 slot(s) per 5m (ETL_SCHEDULE \"every 1m\") = 25000 users, more than ETL_SOURCE_BUDGET "
                + "20000/5m allows: runs will be deferred and some slots left to catch-up or missed; lower ETL_USERS_PER_RUN or tick "
                + "less often", line);
        assertTrue(BudgetCheck.unsustainable(SourceBudget.RANDOMUSER, Schedule.parse("*/5 * * * *"), 5000).isEmpty());
    }
}

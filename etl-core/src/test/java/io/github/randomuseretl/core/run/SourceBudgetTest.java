package io.github.randomuseretl.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SourceBudgetTest {

    @Test
    void parsesUsersPerWindowAndPrintsItTheSameWay() {
        assertEquals(new SourceBudget(20_000, Duration.ofMinutes(5)), SourceBudget.parse("20000/5m"));
        assertEquals(new SourceBudget(40, Duration.ofSeconds(10)), SourceBudget.parse(" 40 / 10s "));
        assertEquals(new SourceBudget(1_000_000, Duration.ofHours(1)), SourceBudget.parse("1_000_000/1H"));
        assertEquals("20000/5m", SourceBudget.RANDOMUSER.toString());
        assertEquals("40/10s", SourceBudget.parse("40/10s").toString());
        assertEquals("7/2h", SourceBudget.parse("7/120m").toString());
    }

    @Test
    void refusesWhatIsNoBudget() {
        for (String bad : new String[] {"20000", "/5m", "20000/", "0/5m", "-1/5m", "x/5m", "100/5d", "100/0s", "100/25h", "100/5 minutes"}) {
            assertThrows(IllegalArgumentException.class, () -> SourceBudget.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new SourceBudget(10, Duration.ofMillis(1500)));
    }
}

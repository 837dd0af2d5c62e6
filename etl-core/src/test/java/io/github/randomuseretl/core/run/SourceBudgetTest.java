package io.github.randomuseretl.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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

    @Test
    void aRunFitsWhenTheWindowHasRoomElseWhenEnoughOfItHasPassed() {
        SourceBudget b = new SourceBudget(100, Duration.ofSeconds(10));
        Instant now = Instant.parse("2026-03-01T10:00:30Z");
        List<SourceBudget.Spend> spends = List.of(new SourceBudget.Spend(now.minusSeconds(10), 90), // left the window
                new SourceBudget.Spend(now.minusSeconds(8), 40), new SourceBudget.Spend(now.minusSeconds(3), 40));

        assertEquals(80, b.spentAt(spends, now));
        assertEquals(Optional.empty(), b.deferredUntil(spends, 20, now));
        assertEquals(Optional.of(now.plusSeconds(2)), b.deferredUntil(spends, 21, now), "once the first 40 leave");
        assertEquals(Optional.of(now.plusSeconds(7)), b.deferredUntil(spends, 61, now), "once both have left");
        assertEquals(Optional.of(now.plusSeconds(10)), b.deferredUntil(spends, 101, now), "more than the budget never fits");
    }
}

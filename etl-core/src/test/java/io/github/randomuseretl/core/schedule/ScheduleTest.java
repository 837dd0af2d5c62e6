package io.github.randomuseretl.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static Instant at(String text) {
        return Instant.parse(text);
    }

    private static List<Instant> ticks(Schedule s, String from, int n) {
        List<Instant> out = new ArrayList<>();
        Instant t = at(from);
        for (int i = 0; i < n; i++) {
            t = s.nextAfter(t);
            out.add(t);
        }
        return out;
    }

    @Test
    void everyMinuteTicksAtSecondZeroOfEachMinuteStrictlyAfterNow() {
        Schedule s = Schedule.parse("every 1m");
        assertEquals(at("2026-01-01T12:01:00Z"), s.nextAfter(at("2026-01-01T12:00:30.500Z")));
        assertEquals(at("2026-01-01T12:02:00Z"), s.nextAfter(at("2026-01-01T12:01:00Z")), "a tick instant is not its own next tick");
        assertEquals(List.of(at("2026-01-01T00:00:00Z"), at("2026-01-01T00:01:00Z")), ticks(s, "2025-12-31T23:59:59.999Z", 2));
    }

    @Test
    void subMinuteAndHourlyIntervalsAlignToTheirOwnBoundaries() {
        assertEquals(List.of(at("2026-01-01T12:00:10Z"), at("2026-01-01T12:00:20Z"), at("2026-01-01T12:00:30Z")),
                ticks(Schedule.parse("every 10s"), "2026-01-01T12:00:03Z", 3));
        assertEquals(at("2026-01-01T13:00:00Z"), Schedule.parse("EVERY 1h").nextAfter(at("2026-01-01T12:59:59Z")));
        assertEquals(at("2026-01-01T12:05:00Z"), Schedule.parse("every 5m").nextAfter(at("2026-01-01T12:00:00Z")));
    }

    @Test
    void rejectsIntervalsOutsideOneSecondToOneDayAndUnknownUnits() {
        for (String bad : new String[] {"every 0s", "every 25h", "every 10", "every m", "every 10 minutes", "every -1m", "every 1.5m"}) {
            assertThrows(IllegalArgumentException.class, () -> Schedule.parse(bad), bad);
        }
    }

    @Test
    void cronStepsRangesAndListsPickTheRightMinutes() {
        Schedule s = Schedule.parse("*/15 9-10 * * *");
        assertInstanceOf(CronSchedule.class, s);
        assertEquals(List.of(at("2026-01-01T09:00:00Z"), at("2026-01-01T09:15:00Z"), at("2026-01-01T09:30:00Z"),
                at("2026-01-01T09:45:00Z"), at("2026-01-01T10:00:00Z"), at("2026-01-01T10:15:00Z"), at("2026-01-01T10:30:00Z"),
                at("2026-01-01T10:45:00Z"), at("2026-01-02T09:00:00Z")), ticks(s, "2026-01-01T08:59:59Z", 9));
        assertEquals(List.of(at("2026-01-01T00:01:00Z"), at("2026-01-01T00:30:00Z"), at("2026-01-01T00:59:00Z")),
                ticks(Schedule.parse("1,30,59 * * * *"), "2026-01-01T00:00:00Z", 3));
        assertEquals(at("2026-01-01T00:01:00Z"), Schedule.parse("* * * * *").nextAfter(at("2026-01-01T00:00:00Z")));
    }

    @Test
    void cronNamesAndSundayAsSevenWork() {
        // 2026-01-01 is a Thursday; the next Monday is 2026-01-05 and the next Sunday 2026-01-04.
        assertEquals(at("2026-01-05T06:30:00Z"), Schedule.parse("30 6 * * MON").nextAfter(at("2026-01-01T00:00:00Z")));
        assertEquals(at("2026-01-04T00:00:00Z"), Schedule.parse("0 0 * * 7").nextAfter(at("2026-01-01T00:00:00Z")));
        assertEquals(at("2026-01-04T00:00:00Z"), Schedule.parse("0 0 * * sun").nextAfter(at("2026-01-01T00:00:00Z")));
        assertEquals(at("2026-03-01T00:00:00Z"), Schedule.parse("0 0 1 mar-apr *").nextAfter(at("2026-01-01T00:00:00Z")));
    }

    @Test
    void cronWithBothDayFieldsRestrictedTicksOnEitherLikeVixieCron() {
        // The 13th, or any Friday: 2026-01-02 is a Friday, before the 13th.
        assertEquals(List.of(at("2026-01-02T00:00:00Z"), at("2026-01-09T00:00:00Z"), at("2026-01-13T00:00:00Z")),
                ticks(Schedule.parse("0 0 13 * 5"), "2026-01-01T00:00:00Z", 3));
    }

    @Test
    void cronFindsLeapDaysAndRejectsDatesThatNeverExist() {
        assertEquals(at("2028-02-29T00:00:00Z"), Schedule.parse("0 0 29 2 *").nextAfter(at("2026-01-01T00:00:00Z")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schedule.parse("0 0 30 2 *"));
        assertTrue(e.getMessage().contains("never"), e.getMessage());
    }

    @Test
    void cronRejectsMalformedFieldsNamingThem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Schedule.parse("60 * * * *")).getMessage().contains("minute"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Schedule.parse("* 24 * * *")).getMessage().contains("hour"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Schedule.parse("* * * * *  *")).getMessage().contains("five fields"));
        assertThrows(IllegalArgumentException.class, () -> Schedule.parse("*/0 * * * *"));
        assertThrows(IllegalArgumentException.class, () -> Schedule.parse("5-1 * * * *"));
        assertThrows(IllegalArgumentException.class, () -> Schedule.parse("x * * * *"));
        assertThrows(IllegalArgumentException.class, () -> Schedule.parse("1,,2 * * * *"));
    }

    @Test
    void printsAsWritten() {
        assertEquals("every 1m", Schedule.parse("every 60s").toString());
        assertEquals("every 10s", Schedule.parse("every 10s").toString());
        assertEquals("*/5 * * * *", Schedule.parse(" */5 * * * * ").toString());
    }
}

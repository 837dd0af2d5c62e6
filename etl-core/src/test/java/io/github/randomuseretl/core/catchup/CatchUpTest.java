package io.github.randomuseretl.core.catchup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.pipeline.EtlPipeline;
import io.github.randomuseretl.core.port.FetchRequest;
import io.github.randomuseretl.core.port.FetchStats;
import io.github.randomuseretl.core.port.SourceException;
import io.github.randomuseretl.core.port.UserSource;
import io.github.randomuseretl.core.run.RunOutcome;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunStatus;
import io.github.randomuseretl.core.run.SourceBudget;
import io.github.randomuseretl.core.run.Trigger;
import io.github.randomuseretl.core.schedule.Schedule;
import io.github.randomuseretl.core.testing.InMemoryUserSink;
import io.github.randomuseretl.core.testing.MutableClock;
import io.github.randomuseretl.core.testing.TestUsers;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Catch-up in the core: the planner's slots, run oldest first with trigger catch-up, within time and budget. */
class CatchUpTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryUserSink sink = new InMemoryUserSink(clock);
    private final SlotSource source = new SlotSource();

    /** Ten users per slot, distinct per slot; fails while down; takes {@code took} of the clock per fetch. */
    private final class SlotSource implements UserSource {
        final Set<Slot> failing = new HashSet<>();
        boolean down;
        Duration took = Duration.ZERO;
        long users = 10;

        @Override
        public FetchStats fetch(FetchRequest request, Consumer<RawRecord> records) {
            clock.advance(took);
            if (down || failing.contains(request.slot())) {
                throw new SourceException("HTTP 503 from the source");
            }
            int base = (int) (request.slot().start().getEpochSecond() / 60 % 100_000) * 10;
            for (int i = 0; i < 10; i++) {
                records.accept(TestUsers.raw(i, "{\"n\":" + (base + i) + "}"));
            }
            return new FetchStats(10, 1, 0, 100);
        }

        @Override
        public Map<String, String> parameters(FetchRequest request) {
            return Map.of("slot", request.slot().toString());
        }

        @Override
        public long requestedUsers() {
            return users;
        }
    }

    private EtlPipeline pipeline(SourceBudget budget) {
        return EtlPipeline.builder().source(source).sink(sink).clock(clock).sourceBudget(budget)
                .validator(r -> new Validation.Accepted(TestUsers.user(Integer.parseInt(r.payload().replaceAll("\\D", "")))))
                .build();
    }

    private CatchUp catchUp(Schedule schedule, Duration window, SourceBudget budget) {
        return new CatchUp(pipeline(budget), new CatchUpPlanner(sink, "randomuser", new CatchUpSettings(schedule, window)), clock);
    }

    private CatchUp catchUp() {
        return catchUp(Schedule.EVERY_MINUTE, Duration.ofHours(1), null);
    }

    private static Slot slot(String minute) {
        return Slot.parse("2026-03-01T" + minute + "Z");
    }

    /** Runs the tick of the clock's current minute, catch-up until the next minute's tick. */
    private CatchUp.Round tick(CatchUp c) {
        Instant tick = clock.instant();
        return c.tick(tick, Trigger.SCHEDULE, null, Slot.containing(tick).next().start().minusMillis(250));
    }

    private List<String> succeededSlots() {
        return sink.latestRuns(1000).stream().filter(RunReport::succeeded).map(r -> r.slot().toString()).sorted().toList();
    }

    @Test
    void failedSlotsAndSlotsMissedWhileNothingRanAreCaughtUpOldestFirstAfterTheTick() {
        CatchUp c = catchUp();
        tick(c);                                           // 10:00 succeeds: the pipeline's first run
        clock.set(T0.plus(Duration.ofMinutes(1)));
        source.down = true;
        tick(c);                                           // 10:01 fails
        source.down = false;
        clock.set(T0.plus(Duration.ofMinutes(4)));         // 10:02 and 10:03 missed: nothing ran

        CatchUp.Round round = tick(c);

        assertTrue(assertInstanceOf(RunOutcome.Executed.class, round.own()).report().succeeded());
        assertEquals(List.of(slot("10:01"), slot("10:02"), slot("10:03")), round.caughtUp().stream().map(RunOutcome::slot).toList());
        for (RunOutcome o : round.caughtUp()) {
            RunReport r = assertInstanceOf(RunOutcome.Executed.class, o).report();
            assertEquals(Trigger.CATCH_UP, r.trigger());
            assertTrue(r.succeeded());
        }
        assertEquals(2, sink.runsFor(slot("10:01")).get(1).attempt());
        assertEquals(CatchUp.Stop.NOTHING_MISSING, round.stop());
        assertEquals(List.of(), round.missing());
        assertEquals(List.of("2026-03-01T10:00Z", "2026-03-01T10:01Z", "2026-03-01T10:02Z", "2026-03-01T10:03Z", "2026-03-01T10:04Z"),
                succeededSlots());
        assertEquals(50, sink.users().size(), "every slot's users once");
    }

    @Test
    void nothingBeforeThePipelinesFirstRunIsEverPlanned() {
        clock.set(T0.plus(Duration.ofMinutes(30)));

        CatchUp.Round round = tick(catchUp());

        assertEquals(List.of(), round.caughtUp());
        assertEquals(CatchUp.Stop.NOTHING_MISSING, round.stop());
        assertEquals(List.of("2026-03-01T10:30Z"), succeededSlots(), "a new install does not backfill history");
    }

    @Test
    void theHistoryStartsAtTheEarliestSlotThePipelineHasARunFor() {
        clock.set(T0.plus(Duration.ofMinutes(29)));
        source.down = true;
        pipeline(null).run(slot("10:27"), Trigger.MANUAL);   // an operator's run of an earlier minute, which failed
        source.down = false;
        clock.set(T0.plus(Duration.ofMinutes(30)));

        CatchUp.Round round = tick(catchUp());

        assertEquals(List.of(slot("10:27"), slot("10:28"), slot("10:29")), round.caughtUp().stream().map(RunOutcome::slot).toList());
    }

    @Test
    void onlySlotsInsideTheWindowAreCaughtUp() {
        CatchUp c = catchUp(Schedule.EVERY_MINUTE, Duration.ofMinutes(3), null);
        tick(c);
        clock.set(T0.plus(Duration.ofMinutes(10)));

        CatchUp.Round round = tick(c);

        assertEquals(List.of(slot("10:07"), slot("10:08"), slot("10:09")), round.caughtUp().stream().map(RunOutcome::slot).toList());
    }

    @Test
    void onlySlotsTheScheduleMadeDueAreCaughtUp() {
        CatchUp c = catchUp(Schedule.parse("*/5 * * * *"), Duration.ofHours(1), null);
        tick(c);
        clock.set(T0.plus(Duration.ofMinutes(20)));

        CatchUp.Round round = tick(c);

        assertEquals(List.of(slot("10:05"), slot("10:10"), slot("10:15")), round.caughtUp().stream().map(RunOutcome::slot).toList());
    }

    @Test
    void catchUpWaitsForATickWhoseOwnRunWorks() {
        CatchUp c = catchUp();
        tick(c);
        clock.set(T0.plus(Duration.ofMinutes(3)));
        source.down = true;

        CatchUp.Round round = tick(c);

        assertEquals(CatchUp.Stop.OWN_RUN_FAILED, round.stop());
        assertEquals(List.of(), round.caughtUp(), "the catch-up runs would fail too");
        assertEquals(List.of(slot("10:01"), slot("10:02")), round.missing().stream().map(Gap::slot).toList());
    }

    @Test
    void aSlotThatFailsAgainIsRecordedAndTheRoundGoesOn() {
        CatchUp c = catchUp();
        tick(c);
        clock.set(T0.plus(Duration.ofMinutes(3)));
        source.failing.add(slot("10:01"));

        CatchUp.Round round = tick(c);

        assertEquals(2, round.caughtUp().size());
        assertEquals(RunStatus.FAILED, assertInstanceOf(RunOutcome.Executed.class, round.caughtUp().get(0)).report().status());
        assertTrue(assertInstanceOf(RunOutcome.Executed.class, round.caughtUp().get(1)).report().succeeded());
        assertEquals(CatchUp.Stop.ALL_TRIED, round.stop());
        Gap left = round.missing().get(0);
        assertEquals(slot("10:01"), left.slot());
        assertEquals(1, round.missing().size());
    }

    @Test
    void catchUpStopsBeforeTheNextTick() {
        CatchUp c = catchUp();
        tick(c);
        clock.set(T0.plus(Duration.ofMinutes(10)));
        source.took = Duration.ofSeconds(12);

        CatchUp.Round round = tick(c);

        // The tick's own run took 12 s; each catch-up run needs as long, and the round must end by 10:10:59.75.
        assertEquals(3, round.caughtUp().size(), round.toString());
        assertEquals(CatchUp.Stop.OUT_OF_TIME, round.stop());
        assertTrue(clock.instant().isBefore(T0.plus(Duration.ofMinutes(11))), "never into the next tick: " + clock.instant());
        assertEquals(6, round.missing().size());
        for (RunOutcome o : round.caughtUp()) {
            assertTrue(!assertInstanceOf(RunOutcome.Executed.class, o).report().finishedAt().isAfter(T0.plusSeconds(11 * 60 - 1)));
        }
    }

    @Test
    void catchUpStopsWhenTheBudgetIsSpentAndTheDeferredSlotStaysMissing() {
        SourceBudget budget = new SourceBudget(30, Duration.ofMinutes(5));
        CatchUp c = catchUp(Schedule.EVERY_MINUTE, Duration.ofHours(1), budget);
        tick(c);
        clock.set(T0.plus(Duration.ofMinutes(10)));

        CatchUp.Round round = tick(c);

        // 10 users at 10:00 fell out of the window; the tick took 10, the budget leaves room for two catch-up runs.
        assertEquals(3, round.caughtUp().size());
        assertInstanceOf(RunOutcome.Deferred.class, round.caughtUp().get(2));
        assertEquals(CatchUp.Stop.BUDGET_SPENT, round.stop());
        assertEquals(7, round.missing().size());
    }

    @Test
    void slotsAnotherProcessHoldsAreSkippedAndCountedMissing() {
        CatchUp c = catchUp();
        tick(c);
        clock.set(T0.plus(Duration.ofMinutes(3)));
        var held = (io.github.randomuseretl.core.port.SlotClaim.Claimed) sink.claim(new io.github.randomuseretl.core.run.RunRequest(
                "randomuser", slot("10:01"), Trigger.MANUAL, Map.of(), clock.instant(), clock.instant().plusSeconds(50)));

        CatchUp.Round round = tick(c);

        assertInstanceOf(RunOutcome.Busy.class, round.caughtUp().get(0));
        assertTrue(assertInstanceOf(RunOutcome.Executed.class, round.caughtUp().get(1)).report().succeeded());
        assertEquals(List.of(slot("10:01")), round.missing().stream().map(Gap::slot).toList());
        held.load().close();
    }

    @Test
    void aRunnerThatIsStoppingStartsNoFurtherCatchUpRun() {
        CatchUp c = catchUp();
        tick(c);
        clock.set(T0.plus(Duration.ofMinutes(5)));
        int[] asked = {0};

        CatchUp.Round round = c.tick(clock.instant(), Trigger.SCHEDULE, null, clock.instant().plusSeconds(59), () -> ++asked[0] > 2);

        assertEquals(2, round.caughtUp().size(), "the runs started before the stop request finish; no other starts");
        assertEquals(CatchUp.Stop.STOPPING, round.stop());
    }

    @Test
    void offMeansOff() {
        CatchUp c = catchUp(Schedule.EVERY_MINUTE, Duration.ZERO, null);
        tick(c);
        clock.set(T0.plus(Duration.ofMinutes(5)));

        CatchUp.Round round = tick(c);

        assertEquals(CatchUp.Stop.DISABLED, round.stop());
        assertEquals(List.of(), round.caughtUp());
    }

    @Test
    void theGapQueryListsEachMissingSlotWithItsLatestError() {
        CatchUp c = catchUp();
        tick(c);
        clock.set(T0.plus(Duration.ofMinutes(1)));
        source.down = true;
        tick(c);
        clock.set(T0.plus(Duration.ofMinutes(3)));

        List<Gap> gaps = c.planner().gaps(T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofMinutes(3)));

        assertEquals(2, gaps.size());
        assertEquals(new Gap(slot("10:01"), 1, RunStatus.FAILED, "source: HTTP 503 from the source"), gaps.get(0));
        assertEquals(new Gap(slot("10:02"), 0, null, null), gaps.get(1));
    }
}

package io.github.randomuseretl.runner.scheduler.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.run.LoadCounts;
import io.github.randomuseretl.core.run.RunOutcome;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunStatus;
import io.github.randomuseretl.core.run.StageDurations;
import io.github.randomuseretl.core.run.Trigger;
import io.github.randomuseretl.core.testing.MutableClock;
import io.github.randomuseretl.core.schedule.Schedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ServeLoopTest {

    /** Sleeps by moving the fake clock; counts its naps. */
    static final class ClockSleeper implements Sleeper {
        private final MutableClock clock;
        final List<Duration> naps = new ArrayList<>();

        ClockSleeper(MutableClock clock) {
            this.clock = clock;
        }

        @Override
        public void sleep(Duration d) {
            naps.add(d);
            clock.advance(d);
        }

        @Override
        public void wakeUp() {
        }
    }

    /** Runs the loop until {@code ticks} slots ran; {@code during} sees each slot while it runs. */
    private static List<Slot> serve(MutableClock clock, Schedule schedule, int ticks, Consumer<Slot> during) {
        List<Slot> ran = new ArrayList<>();
        ServeLoop[] loop = new ServeLoop[1];
        loop[0] = new ServeLoop(schedule, clock, new ClockSleeper(clock), (tick, next) -> {
            Slot slot = Slot.containing(tick);
            assertEquals(slot, loop[0].inFlight());
            ran.add(slot);
            during.accept(slot);
            if (ran.size() == ticks) {
                loop[0].stop();
            }
        });
        loop[0].run();
        assertFalse(loop[0].alive());
        assertEquals(ticks, loop[0].ticks());
        return ran;
    }

    @Test
    void runsTheSlotOfEachMinuteStartingWithTheNextMinuteNotTheCurrentOne() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T12:00:42Z"));
        List<Slot> ran = serve(clock, Schedule.EVERY_MINUTE, 3, s -> clock.advance(Duration.ofSeconds(2)));
        assertEquals(List.of(Slot.parse("2026-01-01T12:01Z"), Slot.parse("2026-01-01T12:02Z"), Slot.parse("2026-01-01T12:03Z")), ran);
    }

    @Test
    void eachTickKnowsWhenTheNextOneComesSoItsCatchUpCanStopBeforeIt() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T12:00:35Z"));
        List<Instant> nexts = new ArrayList<>();
        ServeLoop[] loop = new ServeLoop[1];
        loop[0] = new ServeLoop(Schedule.parse("every 10s"), clock, new ClockSleeper(clock), (tick, next) -> {
            nexts.add(next);
            assertEquals(tick.plusSeconds(10), next);
            if (nexts.size() == 2) {
                loop[0].stop();
            }
        });
        loop[0].run();
        assertEquals(List.of(Instant.parse("2026-01-01T12:00:50Z"), Instant.parse("2026-01-01T12:01:00Z")), nexts);
    }

    @Test
    void subMinuteTicksRunTheMinuteTheyFallIn() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T12:00:35Z"));
        List<Slot> ran = serve(clock, Schedule.parse("every 10s"), 4, s -> { });
        // 12:00:40, 12:00:50, 12:01:00, 12:01:10
        assertEquals(List.of(Slot.parse("2026-01-01T12:00Z"), Slot.parse("2026-01-01T12:00Z"), Slot.parse("2026-01-01T12:01Z"),
                Slot.parse("2026-01-01T12:01Z")), ran);
    }

    @Test
    void aRunThatOverrunsTicksSkipsThemInsteadOfOverlappingOrQueueing() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T12:00:59Z"));
        AtomicInteger running = new AtomicInteger();
        List<Slot> ran = serve(clock, Schedule.EVERY_MINUTE, 2, s -> {
            assertEquals(1, running.incrementAndGet(), "runs never overlap");
            if (s.equals(Slot.parse("2026-01-01T12:01Z"))) {
                clock.advance(Duration.ofSeconds(150)); // until 12:03:30: the 12:02 and 12:03 ticks pass during the run
            }
            running.decrementAndGet();
        });
        assertEquals(List.of(Slot.parse("2026-01-01T12:01Z"), Slot.parse("2026-01-01T12:04Z")), ran);
    }

    @Test
    void aRunThatThrowsDoesNotStopTheLoop() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T12:00:00Z"));
        List<Slot> ran = new ArrayList<>();
        ServeLoop[] loop = new ServeLoop[1];
        loop[0] = new ServeLoop(Schedule.EVERY_MINUTE, clock, new ClockSleeper(clock), (tick, next) -> {
            Slot slot = Slot.containing(tick);
            ran.add(slot);
            if (ran.size() == 1) {
                throw new IllegalStateException("bug");
            }
            loop[0].stop();
        });
        loop[0].run();
        assertEquals(2, ran.size());
    }

    @Test
    void stopEndsTheWaitForTheNextTickAtOnce() throws Exception {
        ServeLoop loop = new ServeLoop(Schedule.parse("every 1h"), Clock.systemUTC(), Sleeper.real(),
                (tick, next) -> { });
        Thread t = new Thread(loop::run);
        t.start();
        Thread.sleep(100);
        assertTrue(loop.alive());
        loop.stop();
        t.join(2_000);
        assertFalse(t.isAlive(), "the loop left its wait for a tick up to an hour away");
        assertEquals(0, loop.ticks());
    }

    @Test
    void stopDuringARunLetsItFinishAndStartsNoOther() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T12:00:59Z"));
        CountDownLatch inRun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger finishedRuns = new AtomicInteger();
        ServeLoop loop = new ServeLoop(Schedule.EVERY_MINUTE, clock, new ClockSleeper(clock), (tick, next) -> {
            Slot slot = Slot.containing(tick);
            inRun.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finishedRuns.incrementAndGet();
        });
        Thread t = new Thread(loop::run);
        t.start();
        assertTrue(inRun.await(10, TimeUnit.SECONDS));
        loop.stop();
        Thread.sleep(100);
        assertTrue(t.isAlive(), "stop waits for the run in flight");
        assertEquals(Slot.parse("2026-01-01T12:01Z"), loop.inFlight());
        release.countDown();
        t.join(5_000);
        assertFalse(t.isAlive());
        assertEquals(1, finishedRuns.get());
        assertEquals(1, loop.ticks());
    }
}

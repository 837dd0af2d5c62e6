package io.github.randomuseretl.runner.scheduler.serve;

import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.schedule.Schedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code serve} loop: waits for each tick of the schedule and hands it, with the next tick's
 * instant, to what a tick does (in production: the core's catch-up, which runs the tick's slot and then
 * heals missing slots until the next tick), on the calling thread, one tick at a time.
 *
 * <ul>
 *   <li>No overlap: a tick that comes while a run is still going is skipped, not queued, and logged.</li>
 *   <li>The first tick is the next one after start; minutes missed while the process was down are
 *       not run by the loop itself but by the tick's catch-up ({@code ETL_CATCH_UP}).</li>
 *   <li>Several replicas may tick together: the sink's claim lets one of them run each slot.</li>
 *   <li>{@link #stop()} ends the wait at once; a run in flight finishes first.</li>
 * </ul>
 */
public final class ServeLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ServeLoop.class);
    private static final int MAX_MISSED_COUNTED = 100_000;

    /** What one tick does: in production, its slot's run and catch-up. */
    @FunctionalInterface
    public interface TickRunner {
        /**
         * @param tick the tick's instant; its slot is the minute it falls in
         * @param next the next tick's instant: whatever the tick does should be over by then
         */
        void run(Instant tick, Instant next);
    }

    private final Schedule schedule;
    private final Clock clock;
    private final Sleeper sleeper;
    private final TickRunner runner;
    private volatile boolean stopping;
    private volatile boolean alive;
    private volatile Slot inFlight;
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();

    /**
     * @param schedule when to tick
     * @param clock    the clock
     * @param sleeper  how to wait
     * @param runner   what a tick does
     */
    public ServeLoop(Schedule schedule, Clock clock, Sleeper sleeper, TickRunner runner) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    /** Ticks until {@link #stop()} (or an interrupt); returns once no run is in flight. */
    public void run() {
        alive = true;
        try {
            Instant next = schedule.nextAfter(clock.instant());
            LOG.info("serving on schedule \"{}\"; first tick at {}", schedule, next);
            while (!stopping) {
                Instant now = clock.instant();
                if (now.isBefore(next)) {
                    try {
                        sleeper.sleep(Duration.between(now, next));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                    continue;
                }
                tick(next);
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                next = following(next, clock.instant());
            }
        } finally {
            alive = false;
        }
    }

    private void tick(Instant at) {
        Slot slot = Slot.containing(at);
        inFlight = slot;
        try {
            runner.run(at, schedule.nextAfter(at));
        } catch (RuntimeException e) {
            // The pipeline reports failures instead of throwing; anything else is a bug, not a reason to stop serving.
            LOG.error("tick for slot {} failed unexpectedly", slot, e);
        } finally {
            inFlight = null;
            ticks.incrementAndGet();
        }
    }

    /** The first tick after {@code now}, counting (and logging) the ticks a long run overran. */
    private Instant following(Instant tick, Instant now) {
        Instant next = schedule.nextAfter(tick);
        int skipped = 0;
        while (!next.isAfter(now) && skipped < MAX_MISSED_COUNTED) {
            skipped++;
            next = schedule.nextAfter(next);
        }
        if (!next.isAfter(now)) {
            next = schedule.nextAfter(now);
        }
        if (skipped > 0) {
            missed.addAndGet(skipped);
            LOG.warn("the run for slot {} overran {} tick(s); they are skipped, not queued (catch-up runs their slots later)",
                    Slot.containing(tick), skipped);
        }
        return next;
    }

    /** Stops ticking; a run in flight is not interrupted. Safe from any thread. */
    public void stop() {
        stopping = true;
        sleeper.wakeUp();
    }

    /** @return true while {@link #run()} is looping */
    public boolean alive() {
        return alive;
    }

    /** @return the slot being run right now, or {@code null} */
    public Slot inFlight() {
        return inFlight;
    }

    /** @return ticks handled so far */
    public long ticks() {
        return ticks.get();
    }

    /** @return ticks skipped because a run overran them */
    public long missed() {
        return missed.get();
    }
}

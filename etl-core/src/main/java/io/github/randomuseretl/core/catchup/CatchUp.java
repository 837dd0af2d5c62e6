package io.github.randomuseretl.core.catchup;

import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.pipeline.EtlPipeline;
import io.github.randomuseretl.core.run.RunOutcome;
import io.github.randomuseretl.core.run.Trigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tick of a runner: the tick's own slot, then catch-up of the slots in the window that have no
 * succeeded run, oldest first, each as its own run with trigger {@code catch-up}.
 *
 * <p>What a runner can rely on:
 * <ul>
 *   <li>every catch-up run's deadline is {@code stopBy} at the latest, and no catch-up run starts
 *       unless there is time for it (at least a second, and as long as the longest run of the round
 *       took), so catch-up never delays the runner's next tick;</li>
 *   <li>catch-up is skipped when the tick's own run failed or was deferred: a failing source or
 *       database, or a spent budget, would fail or defer the catch-up runs too, so they wait for a tick
 *       that works;</li>
 *   <li>a catch-up run deferred by the source's budget ends the round: the budget is spent for now;</li>
 *   <li>a slot another process holds (busy) or has just loaded is skipped; a slot that fails is
 *       recorded and the round goes on to the next;</li>
 *   <li>nothing is thrown for a failed run; a ledger that cannot be read ends the round (logged).</li>
 * </ul>
 *
 * <p>Thread-safe if the pipeline is (it is).
 */
public final class CatchUp {

    /** The shortest time a catch-up run is started with. */
    static final Duration MIN_RUN = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(CatchUp.class);

    private final EtlPipeline pipeline;
    private final CatchUpPlanner planner;
    private final Clock clock;

    /**
     * @param pipeline the pipeline that runs every slot
     * @param planner  which slots are missing; its pipeline must be this pipeline
     * @param clock    the clock deadlines are measured on
     */
    public CatchUp(EtlPipeline pipeline, CatchUpPlanner planner, Clock clock) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.planner = Objects.requireNonNull(planner, "planner");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!planner.pipeline().equals(pipeline.name())) {
            throw new IllegalArgumentException("the planner is for pipeline " + planner.pipeline() + ", not " + pipeline.name());
        }
    }

    /** @return the planner */
    public CatchUpPlanner planner() {
        return planner;
    }

    /** Why a round's catch-up ended. */
    public enum Stop {
        /** Catch-up is off ({@code ETL_CATCH_UP=0}). */
        DISABLED,
        /** No slot of the window lacks a success. */
        NOTHING_MISSING,
        /** Every missing slot was tried. */
        ALL_TRIED,
        /** The time before the next tick was too short for another run. */
        OUT_OF_TIME,
        /** The source's budget deferred a run: it is spent for now. */
        BUDGET_SPENT,
        /** The tick's own run failed, so catch-up waits for a tick that works. */
        OWN_RUN_FAILED,
        /** The ledger could not be read. */
        LEDGER_UNREADABLE,
        /** The runner is stopping: no further run starts. */
        STOPPING
    }

    /**
     * What one tick did.
     *
     * @param own      the tick's own run
     * @param caughtUp the catch-up runs, in the order they ran
     * @param stop     why catch-up ended
     * @param missing  slots of the window still without a succeeded run as far as this round knows
     *                 (empty if the ledger could not be read or catch-up is off)
     */
    public record Round(RunOutcome own, List<RunOutcome> caughtUp, Stop stop, List<Gap> missing) {

        /** Checks presence; copies the lists. */
        public Round {
            Objects.requireNonNull(own, "own");
            caughtUp = List.copyOf(caughtUp);
            Objects.requireNonNull(stop, "stop");
            missing = List.copyOf(missing);
        }

        /** @return catch-up runs that succeeded */
        public long healed() {
            return caughtUp.stream().filter(o -> o instanceof RunOutcome.Executed e && e.report().succeeded()).count();
        }
    }

    /**
     * Runs a tick: its own slot, then catch-up until {@code stopBy}.
     *
     * @param tick        the tick's instant; its slot is the minute it falls in
     * @param trigger     what started the tick
     * @param ownDeadline the own run's deadline, or {@code null} for the pipeline's run timeout
     * @param stopBy      when catch-up must be over (before the runner's next tick)
     * @return what the tick did
     */
    public Round tick(Instant tick, Trigger trigger, Instant ownDeadline, Instant stopBy) {
        return tick(tick, trigger, ownDeadline, stopBy, () -> false);
    }

    /**
     * Runs a tick: its own slot, then catch-up until {@code stopBy} or until the runner stops.
     *
     * @param tick        the tick's instant; its slot is the minute it falls in
     * @param trigger     what started the tick
     * @param ownDeadline the own run's deadline, or {@code null} for the pipeline's run timeout
     * @param stopBy      when catch-up must be over (before the runner's next tick)
     * @param stopping    true once the runner is stopping (a SIGTERM): no catch-up run starts after that
     * @return what the tick did
     */
    public Round tick(Instant tick, Trigger trigger, Instant ownDeadline, Instant stopBy, BooleanSupplier stopping) {
        Slot slot = Slot.containing(Objects.requireNonNull(tick, "tick"));
        RunOutcome own = pipeline.run(slot, trigger, ownDeadline);
        return catchUp(slot, own, stopBy, stopping);
    }

    /**
     * Catch-up after a tick's own run.
     *
     * @param current the tick's slot; only earlier slots are caught up
     * @param own     what the tick's own run did
     * @param stopBy  when catch-up must be over
     * @return what catch-up did
     */
    public Round catchUp(Slot current, RunOutcome own, Instant stopBy) {
        return catchUp(current, own, stopBy, () -> false);
    }

    /**
     * Catch-up after a tick's own run, until {@code stopBy} or until the runner stops.
     *
     * @param current  the tick's slot; only earlier slots are caught up
     * @param own      what the tick's own run did
     * @param stopBy   when catch-up must be over
     * @param stopping true once the runner is stopping: no catch-up run starts after that
     * @return what catch-up did
     */
    public Round catchUp(Slot current, RunOutcome own, Instant stopBy, BooleanSupplier stopping) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(stopping, "stopping");
        Objects.requireNonNull(own, "own");
        Objects.requireNonNull(stopBy, "stopBy");
        if (planner.window().isZero()) {
            return new Round(own, List.of(), Stop.DISABLED, List.of());
        }
        List<Gap> gaps;
        try {
            gaps = planner.missing(current);
        } catch (RuntimeException e) {
            LOG.warn("catch-up skipped: the ledger could not be read: {}", e.getMessage());
            return new Round(own, List.of(), Stop.LEDGER_UNREADABLE, List.of());
        }
        if (gaps.isEmpty()) {
            return new Round(own, List.of(), Stop.NOTHING_MISSING, gaps);
        }
        if (own instanceof RunOutcome.Executed e && !e.report().succeeded()) {
            return new Round(own, List.of(), Stop.OWN_RUN_FAILED, gaps);
        }
        if (own instanceof RunOutcome.Deferred) {
            return new Round(own, List.of(), Stop.BUDGET_SPENT, gaps);
        }
        Duration longest = own instanceof RunOutcome.Executed e ? e.report().durations().total() : Duration.ZERO;
        List<RunOutcome> outcomes = new ArrayList<>();
        List<Gap> left = new ArrayList<>(gaps);
        Stop stop = Stop.ALL_TRIED;
        for (Gap gap : gaps) {
            if (stopping.getAsBoolean()) {
                stop = Stop.STOPPING;
                break;
            }
            Duration needed = longest.compareTo(MIN_RUN) > 0 ? longest : MIN_RUN;
            if (clock.instant().plus(needed).isAfter(stopBy)) {
                stop = Stop.OUT_OF_TIME;
                break;
            }
            RunOutcome o = pipeline.run(gap.slot(), Trigger.CATCH_UP, stopBy);
            outcomes.add(o);
            if (o instanceof RunOutcome.Executed e) {
                if (e.report().succeeded()) {
                    left.remove(gap);
                }
                Duration took = e.report().durations().total();
                longest = took.compareTo(longest) > 0 ? took : longest;
            } else if (o instanceof RunOutcome.AlreadyDone) {
                left.remove(gap);
            } else if (o instanceof RunOutcome.Deferred) {
                stop = Stop.BUDGET_SPENT;
                break;
            }
        }
        if (stop == Stop.ALL_TRIED && left.isEmpty()) {
            stop = Stop.NOTHING_MISSING;
        }
        return new Round(own, outcomes, stop, left);
    }
}

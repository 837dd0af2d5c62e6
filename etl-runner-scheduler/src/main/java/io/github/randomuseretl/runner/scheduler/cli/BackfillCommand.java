package io.github.randomuseretl.runner.scheduler.cli;

import io.github.randomuseretl.core.config.Use;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.pipeline.EtlPipeline;
import io.github.randomuseretl.core.run.RunOutcome;
import io.github.randomuseretl.core.run.Trigger;
import io.github.randomuseretl.logging.LogSetup;
import io.github.randomuseretl.runner.scheduler.serve.AbortableSource;
import io.github.randomuseretl.runner.scheduler.serve.GracefulShutdown;
import io.github.randomuseretl.runner.scheduler.wiring.App;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code backfill}: run past slots that were missed. */
@Command(name = "backfill", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a range of past slots (or a number of pages).",
            "Runs a range of past slots one after the other, each as its own run (trigger backfill); slots that "
            + "already succeeded are left alone. Give --from and --to, --from and --pages, or --pages alone (the N "
            + "minutes before the current one). One page is one slot's batch of ETL_USERS_PER_RUN users. It keeps to "
            + "ETL_SOURCE_BUDGET: a slot the budget defers waits until the budget allows it. Shows a "
            + "progress bar on a terminal and a line per slot otherwise. On SIGTERM it stops after the slot in flight.",
            "Exit 0 if every slot is loaded, 1 if any failed or the backfill was stopped early."})
final class BackfillCommand extends TopLevelCommand {

    BackfillCommand() {
        super(Use.RUN);
    }

    /** More than a year of minutes is surely a typo. */
    static final int MAX_SLOTS = 600_000;

    @Option(names = "--from", paramLabel = "SLOT", order = -3, description = "first slot, e.g. 2026-01-01T00:00Z")
    String from;

    @Option(names = "--to", paramLabel = "SLOT", order = -2, description = "last slot, inclusive (not after the current minute)")
    String to;

    @Option(names = "--pages", paramLabel = "N", order = -1, description = "number of slots (from --from, or ending just before the current minute)")
    Integer pages;

    @Override
    public Integer call() {
        // The command line is checked before anything is wired (the application's clock is the system's).
        List<Slot> slots = slots(Clock.systemUTC());
        App app = start();
        int code = ExitCode.INTERNAL;
        GracefulShutdown shutdown = null;
        try {
            Clock clock = app.get(Clock.class);
            app.warnIfBudgetUnsustainable();
            EtlPipeline pipeline = app.get(EtlPipeline.class);
            AtomicBoolean stop = new AtomicBoolean();
            shutdown = GracefulShutdown.install(app.config().runner().shutdownGrace(), () -> stop.set(true),
                    app.get(AbortableSource.class)::abort, ExitCode.FAILED);
            Progress progress = Progress.forConsole(out(), slots.size(), System.console() != null);
            if (progress.interactive()) {
                // Per-run log lines would tear the bar apart; the bar prints failures itself.
                LogSetup.quietRunSummaries();
            }
            SlotTally tally = new SlotTally();
            int done = 0;
            for (int i = 0; i < slots.size() && !stop.get(); ) {
                Slot slot = slots.get(i);
                RunOutcome outcome = pipeline.run(slot, Trigger.BACKFILL);
                if (outcome instanceof RunOutcome.Deferred deferred) {
                    // The budget is spent for now: wait for it, then try the same slot again.
                    progress.step(done, outcome, tally.settled(), tally.unsettled(), tally.inserted());
                    waitUntil(deferred.until(), clock, stop);
                    continue;
                }
                i++;
                done++;
                tally.add(slot, outcome);
                progress.step(done, outcome, tally.settled(), tally.unsettled(), tally.inserted());
            }
            progress.finish();
            boolean complete = done == slots.size();
            out().println("backfill " + (complete ? "done" : "stopped after " + done + " of " + slots.size() + " slots") + ": "
                    + slots.size() + " slot(s) from " + slots.get(0) + " to " + slots.get(slots.size() - 1) + "; "
                    + tally.summary(""));
            out().flush();
            code = complete && tally.clean() ? ExitCode.OK : ExitCode.FAILED;
            return code;
        } finally {
            app.close();
            if (shutdown != null) {
                shutdown.finished(code);
            }
        }
    }

    /** Sleeps until {@code until}, a second at a time so a stop request ends the wait. */
    private static void waitUntil(java.time.Instant until, Clock clock, AtomicBoolean stop) {
        while (!stop.get() && clock.instant().isBefore(until)) {
            long millis = Math.min(1000, java.time.Duration.between(clock.instant(), until).toMillis() + 1);
            try {
                Thread.sleep(Math.max(1, millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop.set(true);
            }
        }
    }

    private List<Slot> slots(Clock clock) {
        Slot current = Slot.containing(clock.instant());
        if (pages != null && (pages < 1 || pages > MAX_SLOTS)) {
            throw new ParameterException(spec.commandLine(), "--pages must be from 1 to " + MAX_SLOTS + ", got " + pages);
        }
        Slot first;
        Slot last;
        if (from != null && to != null && pages == null) {
            first = pastOrCurrentSlot("--from", from, clock);
            last = pastOrCurrentSlot("--to", to, clock);
            if (last.compareTo(first) < 0) {
                throw new ParameterException(spec.commandLine(), "--to " + last + " is before --from " + first);
            }
        } else if (from != null && to == null && pages != null) {
            first = pastOrCurrentSlot("--from", from, clock);
            last = new Slot(first.start().plus(pages - 1L, ChronoUnit.MINUTES));
            if (last.compareTo(current) > 0) {
                throw new ParameterException(spec.commandLine(), "--from " + first + " with --pages " + pages + " would end at "
                        + last + ", after the current minute " + current);
            }
        } else if (from == null && to == null && pages != null) {
            last = new Slot(current.start().minus(1, ChronoUnit.MINUTES));
            first = new Slot(last.start().minus(pages - 1L, ChronoUnit.MINUTES));
        } else {
            throw new ParameterException(spec.commandLine(), "give --from and --to, --from and --pages, or --pages alone");
        }
        long count = ChronoUnit.MINUTES.between(first.start(), last.start()) + 1;
        if (count > MAX_SLOTS) {
            throw new ParameterException(spec.commandLine(), "a backfill covers at most " + MAX_SLOTS + " slots, this one " + count);
        }
        List<Slot> out = new ArrayList<>((int) count);
        for (Slot s = first; s.compareTo(last) <= 0; s = s.next()) {
            out.add(s);
        }
        return out;
    }
}

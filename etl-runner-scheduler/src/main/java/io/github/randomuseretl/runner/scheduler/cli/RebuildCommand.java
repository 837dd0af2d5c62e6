package io.github.randomuseretl.runner.scheduler.cli;

import io.github.randomuseretl.core.config.InvalidSettingException;
import io.github.randomuseretl.core.config.Use;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.run.RunOutcome;
import io.github.randomuseretl.logging.LogSetup;
import io.github.randomuseretl.runner.scheduler.rebuild.Rebuild;
import io.github.randomuseretl.runner.scheduler.serve.GracefulShutdown;
import io.github.randomuseretl.runner.scheduler.wiring.App;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code rebuild}: reload slots from the raw archive. */
@Command(name = "rebuild", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reload a range of slots from the raw archive.",
            "Reads each slot's archived pages (ETL_ARCHIVE_URL; the latest complete attempt of the slot) and loads them "
            + "through today's contract, each slot as its own run (trigger rebuild), exactly once like any run: no request "
            + "goes to the API and the old ledger is not needed, so a fresh database can be rebuilt from the archive alone. "
            + "Slots that already succeeded are left alone unless --force reloads them (after a mapping fix: changed users "
            + "get new versions, nothing is duplicated); slots the archive does not hold are skipped. Shows a progress bar "
            + "on a terminal and a line per slot otherwise. On SIGTERM it stops after the slot in flight.",
            "Exit 0 if every archived slot is loaded, 1 if any failed or the rebuild was stopped early."})
final class RebuildCommand extends TopLevelCommand {

    RebuildCommand() {
        super(Use.RUN);
    }

    @Option(names = "--from", paramLabel = "SLOT", order = -3, description = "first slot, e.g. 2026-01-01T00:00Z")
    String from;

    @Option(names = "--to", paramLabel = "SLOT", order = -2, description = "last slot, inclusive")
    String to;

    @Option(names = "--force", order = -1, description = "reload slots that already succeeded")
    boolean force;

    @Override
    public Integer call() {
        Clock system = Clock.systemUTC();
        if (from == null || to == null) {
            throw new ParameterException(spec.commandLine(), "give --from and --to");
        }
        Slot first = pastOrCurrentSlot("--from", from, system);
        Slot last = pastOrCurrentSlot("--to", to, system);
        if (last.compareTo(first) < 0) {
            throw new ParameterException(spec.commandLine(), "--to " + last + " is before --from " + first);
        }
        long count = ChronoUnit.MINUTES.between(first.start(), last.start()) + 1;
        if (count > BackfillCommand.MAX_SLOTS) {
            throw new ParameterException(spec.commandLine(), "a rebuild covers at most " + BackfillCommand.MAX_SLOTS + " slots, this one " + count);
        }
        App app = start();
        int code = ExitCode.INTERNAL;
        GracefulShutdown shutdown = null;
        try {
            Rebuild rebuild = app.get(Rebuild.class);
            if (rebuild.archive().isEmpty()) {
                throw new InvalidSettingException("ETL_ARCHIVE_URL", "file:///absolute/path or s3://bucket/prefix: rebuild reads the raw archive",
                        "off");
            }
            AtomicBoolean stop = new AtomicBoolean();
            shutdown = GracefulShutdown.install(app.config().runner().shutdownGrace(), () -> stop.set(true), () -> { }, ExitCode.FAILED);
            Progress progress = Progress.forConsole(out(), (int) count, System.console() != null, "rebuild");
            if (progress.interactive()) {
                LogSetup.quietRunSummaries();
            }
            SlotTally tally = new SlotTally();
            int missing = 0;
            int done = 0;
            for (Slot slot = first; slot.compareTo(last) <= 0 && !stop.get(); slot = slot.next()) {
                done++;
                if (!rebuild.archived(slot)) {
                    missing++;
                    progress.skipped(done, slot, "not archived", tally.settled(), tally.unsettled(), tally.inserted());
                    continue;
                }
                RunOutcome outcome = rebuild.run(slot, force);
                tally.add(slot, outcome);
                progress.step(done, outcome, tally.settled(), tally.unsettled(), tally.inserted());
            }
            progress.finish();
            boolean complete = done == count;
            out().println("rebuild from " + rebuild.archive().get() + " " + (complete ? "done" : "stopped after " + done + " of " + count
                    + " slots") + ": " + count + " slot(s) from " + first + " to " + last + "; "
                    + tally.summary(missing + " not archived, "));
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
}

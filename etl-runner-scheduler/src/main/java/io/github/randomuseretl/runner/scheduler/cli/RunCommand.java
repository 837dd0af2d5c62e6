package io.github.randomuseretl.runner.scheduler.cli;

import io.github.randomuseretl.core.config.Use;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.pipeline.EtlPipeline;
import io.github.randomuseretl.core.run.RunOutcome;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.Trigger;
import io.github.randomuseretl.runner.scheduler.serve.AbortableSource;
import io.github.randomuseretl.runner.scheduler.serve.GracefulShutdown;
import io.github.randomuseretl.runner.scheduler.wiring.App;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run}: one run now. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one slot now (the current minute, or --slot).",
            "Runs the current UTC minute, or the one given with --slot. A slot that already succeeded is not run again "
            + "(exit 0). On SIGTERM the run may finish within ETL_SHUTDOWN_GRACE."})
final class RunCommand extends TopLevelCommand {

    RunCommand() {
        super(Use.RUN);
    }

    @Option(names = "--slot", paramLabel = "SLOT", order = -1,
            description = "the UTC minute to run, e.g. 2026-01-01T00:00Z (default: the current minute; not a future one)")
    String slot;

    @Override
    public Integer call() {
        // The command line is checked before anything is wired (the application's clock is the system's).
        Slot given = slot == null ? null : pastOrCurrentSlot("--slot", slot, Clock.systemUTC());
        App app = start();
        int code = ExitCode.INTERNAL;
        GracefulShutdown shutdown = null;
        try {
            Slot s = given != null ? given : Slot.containing(app.get(Clock.class).instant());
            app.warnIfBudgetUnsustainable();
            EtlPipeline pipeline = app.get(EtlPipeline.class);
            shutdown = GracefulShutdown.install(app.config().runner().shutdownGrace(), () -> { }, app.get(AbortableSource.class)::abort,
                    ExitCode.FAILED);
            RunOutcome outcome = pipeline.run(s, Trigger.MANUAL);
            out().println(describe(outcome));
            out().flush();
            code = exitCode(outcome);
            return code;
        } finally {
            app.close();
            if (shutdown != null) {
                shutdown.finished(code);
            }
        }
    }

    static int exitCode(RunOutcome outcome) {
        if (outcome instanceof RunOutcome.Executed e) {
            return e.report().succeeded() ? ExitCode.OK : ExitCode.FAILED;
        }
        if (outcome instanceof RunOutcome.Deferred) {
            return ExitCode.DEFERRED;
        }
        return outcome instanceof RunOutcome.AlreadyDone ? ExitCode.OK : ExitCode.SLOT_BUSY;
    }

    static String describe(RunOutcome outcome) {
        String slot = "slot " + outcome.slot();
        if (outcome instanceof RunOutcome.AlreadyDone done) {
            RunReport r = done.earlier();
            return slot + " was already loaded by run " + r.runId() + " (" + r.trigger().text() + ", finished " + r.finishedAt()
                    + "); nothing to do";
        }
        if (outcome instanceof RunOutcome.Busy busy) {
            return slot + " is being run right now by run " + busy.heldBy() + " of another process; try again later";
        }
        if (outcome instanceof RunOutcome.Deferred deferred) {
            return slot + " was not run: " + deferred.reason() + "; try again after " + deferred.until();
        }
        RunReport r = ((RunOutcome.Executed) outcome).report();
        StringBuilder sb = new StringBuilder(slot).append(' ').append(r.status().text()).append(": run ").append(r.runId())
                .append(", attempt ").append(r.attempt())
                .append(", fetched ").append(r.fetched())
                .append(", inserted ").append(r.inserted())
                .append(", updated ").append(r.updated())
                .append(", unchanged ").append(r.unchanged())
                .append(", rejected ").append(r.rejected())
                .append(", ").append(r.durations().total().toMillis()).append(" ms");
        r.errorMessage().ifPresent(e -> sb.append("; error: ").append(e));
        return sb.toString();
    }
}

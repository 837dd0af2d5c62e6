package io.github.randomuseretl.runner.scheduler.cli;

import io.github.randomuseretl.core.config.Use;
import io.github.randomuseretl.core.model.RejectionReason;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.pipeline.EtlPipeline;
import io.github.randomuseretl.core.port.QuarantinedRecord;
import io.github.randomuseretl.core.port.RunLedger;
import io.github.randomuseretl.core.run.RunOutcome;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.Trigger;
import io.github.randomuseretl.logging.Redactor;
import io.github.randomuseretl.runner.scheduler.serve.GracefulShutdown;
import io.github.randomuseretl.runner.scheduler.wiring.App;
import io.github.randomuseretl.runner.scheduler.wiring.QuarantineReplays;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code quarantine list|replay}: the records the contract rejected. */
@Command(name = "quarantine", mixinStandardHelpOptions = true,
        description = {"List or replay the records the contract rejected."},
        subcommands = {QuarantineCommand.ListCommand.class, QuarantineCommand.ReplayCommand.class})
final class QuarantineCommand implements Runnable {

    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: list or replay");
    }

    static UUID runId(CommandSpec spec, String text) {
        if (text == null) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--run must be a run id (a UUID), got \"" + text + '"');
        }
    }

    static void checkLimit(CommandSpec spec, int limit) {
        if (limit < 1 || limit > RunLedger.MAX_LIMIT) {
            throw new ParameterException(spec.commandLine(), "--limit must be from 1 to " + RunLedger.MAX_LIMIT + ", got " + limit);
        }
    }

    /** What {@code list} and {@code replay} share: the parent's environment and the {@code --run} filter. */
    abstract static class Subcommand extends SettingsCommand {

        @ParentCommand
        QuarantineCommand parent;

        @Option(names = "--run", paramLabel = "RUN_ID", order = -1, description = "only the records this run rejected")
        String run;

        Subcommand(Use first, Use... more) {
            super(first, more);
        }

        @Override
        Map<String, String> env() {
            return parent.root.env();
        }
    }

    /** {@code quarantine list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Show the latest quarantined records with their reasons.",
                "Newest first, with every reason; never the record itself (it holds personal data)."})
    static final class ListCommand extends Subcommand {

        ListCommand() {
            super(Use.INSPECT);
        }

        @Option(names = {"-n", "--limit"}, paramLabel = "N", order = -2, defaultValue = "20", description = "how many (default 20)")
        int limit;

        @Override
        public Integer call() {
            checkLimit(spec, limit);
            UUID runId = runId(spec, run);
            try (App app = start()) {
                List<QuarantinedRecord> records = app.get(RunLedger.class).quarantined(limit, runId);
                Table t = new Table("ID", "QUARANTINED", "RUN", "ORIGIN", "REPLAYED_BY", "REASONS");
                for (QuarantinedRecord r : records) {
                    String reasons = r.reasons().stream().map(QuarantineCommand::reason).collect(Collectors.joining("; "));
                    t.row(r.id(), DateTimeFormatter.ISO_INSTANT.format(r.quarantinedAt().truncatedTo(ChronoUnit.SECONDS)), r.runId(),
                            r.origin(), r.replayedBy().map(UUID::toString).orElse(""), Redactor.redact(RunsCommand.shorten(reasons, 200)));
                }
                if (t.size() == 0) {
                    out().println("the quarantine is empty");
                    out().flush();
                } else {
                    t.print(out());
                }
                return ExitCode.OK;
            }
        }
    }

    /** {@code quarantine replay}. */
    @Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Re-validate quarantined records and load those that now pass.",
                "Checks every quarantined record not replayed yet against today's contract and loads those that "
                + "pass, marking them replayed in the same transaction (a record is never loaded twice). Records still "
                + "rejected stay in quarantine. Runs as pipeline <ETL_PIPELINE_NAME>-replay with trigger replay, one "
                + "replay per minute. Exit 0 when the replay run succeeded, 1 if it failed."})
    static final class ReplayCommand extends Subcommand {

        ReplayCommand() {
            super(Use.RUN, Use.INSPECT);
        }

        @Option(names = {"-n", "--limit"}, paramLabel = "N", order = -2, defaultValue = "1000",
                description = "the most records to replay in one run (default 1000)")
        int limit;

        @Override
        public Integer call() {
            checkLimit(spec, limit);
            UUID runId = runId(spec, run);
            App app = start();
            int code = ExitCode.INTERNAL;
            GracefulShutdown shutdown = null;
            try {
                Clock clock = app.get(Clock.class);
                EtlPipeline pipeline = app.get(QuarantineReplays.class).pipeline(limit, runId);
                shutdown = GracefulShutdown.install(app.config().runner().shutdownGrace(), () -> { }, () -> { }, ExitCode.FAILED);
                RunOutcome outcome = pipeline.run(Slot.containing(clock.instant()), Trigger.REPLAY);
                if (outcome instanceof RunOutcome.AlreadyDone done) {
                    out().println("a replay already ran this minute (run " + done.earlier().runId() + "); try again in a minute");
                    code = ExitCode.OK;
                } else if (outcome instanceof RunOutcome.Busy busy) {
                    out().println("another replay is running right now (run " + busy.heldBy() + "); try again later");
                    code = ExitCode.SLOT_BUSY;
                } else if (outcome instanceof RunOutcome.Deferred deferred) {
                    // A replay asks the source for nothing, so no budget defers it; said all the same, should one.
                    out().println("replay deferred until " + deferred.until() + ": " + deferred.reason());
                    code = ExitCode.DEFERRED;
                } else {
                    RunReport r = ((RunOutcome.Executed) outcome).report();
                    if (r.succeeded()) {
                        out().println("replayed " + r.fetched() + " quarantined record(s): " + r.counts().users()
                                + " now pass and were loaded (inserted " + r.inserted() + ", updated " + r.updated() + ", unchanged "
                                + r.unchanged() + "), " + r.rejected() + " still rejected; run " + r.runId());
                        code = ExitCode.OK;
                    } else {
                        out().println("replay failed: " + r.errorMessage().orElse(r.status().text()) + "; nothing was loaded or marked");
                        code = ExitCode.FAILED;
                    }
                }
                out().flush();
                return code;
            } finally {
                app.close();
                if (shutdown != null) {
                    shutdown.finished(code);
                }
            }
        }
    }

    static String reason(RejectionReason r) {
        return (r.pointer().isEmpty() ? "(record)" : r.pointer()) + ": " + r.message();
    }
}

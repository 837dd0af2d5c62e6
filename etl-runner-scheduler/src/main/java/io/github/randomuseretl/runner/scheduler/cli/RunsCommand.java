package io.github.randomuseretl.runner.scheduler.cli;

import io.github.randomuseretl.core.config.Use;
import io.github.randomuseretl.core.port.RunLedger;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunStatus;
import io.github.randomuseretl.logging.Redactor;
import io.github.randomuseretl.runner.scheduler.wiring.App;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code runs}: the latest runs from the ledger. */
@Command(name = "runs", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show the latest runs as a table.", "The run ledger, newest first. ARCHIVED counts the raw archive's objects a "
            + "run stored (pages and manifest); DRIFT counts records per JSON pointer: +pointer a field the contract does not know, "
            + "-pointer an optional part records lacked."})
final class RunsCommand extends TopLevelCommand {

    RunsCommand() {
        super(Use.INSPECT);
    }

    @Option(names = {"-n", "--limit"}, paramLabel = "N", order = -1, defaultValue = "20", description = "how many runs (default 20)")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1 || limit > RunLedger.MAX_LIMIT) {
            throw new ParameterException(spec.commandLine(), "--limit must be from 1 to " + RunLedger.MAX_LIMIT + ", got " + limit);
        }
        try (App app = start()) {
            List<RunReport> runs = app.get(RunLedger.class).latestRuns(limit);
            Table t = new Table("STARTED", "SLOT", "TRIGGER", "ATTEMPT", "STATUS", "FETCHED", "INSERTED", "UPDATED", "UNCHANGED",
                    "REJECTED", "MS", "ARCHIVED", "DRIFT", "RUN", "ERROR");
            for (RunReport r : runs) {
                boolean running = r.status() == RunStatus.RUNNING;
                t.row(DateTimeFormatter.ISO_INSTANT.format(r.startedAt().truncatedTo(ChronoUnit.SECONDS)), r.slot(), r.trigger().text(),
                        r.attempt(), r.status().text(), r.fetched(), r.inserted(), r.updated(), r.unchanged(), r.rejected(),
                        running ? "" : r.durations().total().toMillis(), r.provenance().archived().size(), drift(r), r.runId(), r.error() == null ? "" : Redactor.redact(shorten(r.error(), 120)));
            }
            if (t.size() == 0) {
                out().println("no runs yet");
                out().flush();
            } else {
                t.print(out());
            }
            return ExitCode.OK;
        }
    }

    /** E.g. {@code +/location/plus_code=3 -/phone=1}: unknown fields first, then missing parts, cut at 100 characters. */
    static String drift(RunReport r) {
        StringBuilder b = new StringBuilder();
        r.provenance().unknownFields().forEach((p, n) -> b.append(b.length() == 0 ? "" : " ").append('+').append(p).append('=').append(n));
        r.provenance().missingFields().forEach((p, n) -> b.append(b.length() == 0 ? "" : " ").append('-').append(p).append('=').append(n));
        return shorten(b.toString(), 100);
    }

    static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}

package io.github.randomuseretl.runner.scheduler.cli;

import io.github.randomuseretl.core.config.Use;
import io.github.randomuseretl.core.port.RunLedger;
import io.github.randomuseretl.runner.scheduler.wiring.App;
import picocli.CommandLine.Command;

/** {@code prune}: delete old runs and quarantine rows. */
@Command(name = "prune", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Delete old runs and quarantined records.",
            "Deletes runs and quarantined records older than ETL_RETENTION_DAYS (default 30). Users and their history are kept."})
final class PruneCommand extends TopLevelCommand {

    PruneCommand() {
        super(Use.INSPECT);
    }

    @Override
    public Integer call() {
        try (App app = start()) {
            RunLedger.Pruned p = app.get(RunLedger.class).prune(app.config().retention());
            out().println("pruned " + p.runs() + " run(s) and " + p.quarantined() + " quarantined record(s) older than "
                    + app.config().retention().toDays() + " days");
            out().flush();
            return ExitCode.OK;
        }
    }
}

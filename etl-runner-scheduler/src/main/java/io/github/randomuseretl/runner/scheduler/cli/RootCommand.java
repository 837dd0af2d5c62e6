package io.github.randomuseretl.runner.scheduler.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code randomuser-etl}: the commands; the environment they read settings from. */
@Command(name = "randomuser-etl",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Loads users from the randomuser.me API into PostgreSQL, exactly once per minute.",
            "Settings come from ETL_* environment variables; each command's flags override them."},
        subcommands = {MigrateCommand.class, RunCommand.class, ServeCommand.class, BackfillCommand.class, RebuildCommand.class, RunsCommand.class,
            GapsCommand.class, QuarantineCommand.class, PruneCommand.class, ConfigCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success (a slot found already loaded counts)",
            "1:a run failed (or a slot of a backfill, or a replay run)",
            "2:wrong setting or command line (one line on stderr names it)",
            "3:database unreachable or login refused",
            "4:run, quarantine replay: another live process is running the slot right now (a dead one's slot is taken over at once)",
            "5:the embedded database (no ETL_DB_URL) cannot run, e.g. as root; one line says why",
            "6:the schema is not migrated or older than this program: run migrate",
            "7:run: the source's budget defers the run; the line says until when",
            "70:unexpected error (a bug; logged with its stack trace)"})
final class RootCommand implements Runnable {

    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    RootCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** @return the environment settings are read from */
    Map<String, String> env() {
        return env;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required");
    }
}

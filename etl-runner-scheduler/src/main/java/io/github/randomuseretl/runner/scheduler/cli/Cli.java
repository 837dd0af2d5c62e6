package io.github.randomuseretl.runner.scheduler.cli;

import io.github.randomuseretl.core.config.InvalidSettingException;
import io.github.randomuseretl.core.port.SchemaNotMigratedException;
import io.github.randomuseretl.core.port.SinkUnavailableException;
import io.github.randomuseretl.logging.Redactor;
import io.github.randomuseretl.runner.scheduler.wiring.EmbeddedDatabaseUnavailableException;
import java.io.PrintWriter;
import java.util.Map;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Parses the command line, runs the command and turns its outcome into an exit code. */
public final class Cli {


    private Cli() {
    }

    /**
     * @param args the arguments
     * @param env  the environment (settings are read from it)
     * @param out  where commands print their results
     * @param err  where errors go (one line each)
     * @return the exit code, see {@link ExitCode}
     */
    public static int execute(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine(env);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((e, args1) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println(Redactor.redact(e.getMessage()));
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
            c.getErr().flush();
            return ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            int code;
            String line;
            Throwable known = find(e, InvalidSettingException.class);
            if (known != null) {
                code = ExitCode.USAGE;
                line = known.getMessage();
            } else if ((known = find(e, SchemaNotMigratedException.class)) != null) {
                code = ExitCode.SCHEMA_NOT_MIGRATED;
                line = known.getMessage();
            } else if ((known = find(e, EmbeddedDatabaseUnavailableException.class)) != null) {
                code = ExitCode.EMBEDDED_DATABASE_UNAVAILABLE;
                line = known.getMessage();
            } else if ((known = find(e, SinkUnavailableException.class)) != null) {
                code = ExitCode.DATABASE_UNAVAILABLE;
                line = known.getMessage();
            } else if ((known = find(e, CommandException.class)) != null) {
                code = ((CommandException) known).exitCode();
                line = known.getMessage();
            } else {
                code = ExitCode.INTERNAL;
                line = "unexpected error: " + e;
                // Looked up here, not in a static field: a usage error should not pay for starting logging.
                LoggerFactory.getLogger(Cli.class).error("unexpected error", e);
            }
            c.getErr().println(Redactor.redact(line));
            c.getErr().flush();
            return code;
        });
        return cl.execute(args);
    }

    /**
     * @param env the environment settings are read from
     * @return the command line, each command's settings flags declared
     */
    static CommandLine commandLine(Map<String, String> env) {
        CommandLine cl = new CommandLine(new RootCommand(env));
        declareSettingsFlags(cl);
        return cl;
    }

    /** Each command's flags are the settings it uses, derived from their descriptors. */
    private static void declareSettingsFlags(CommandLine cl) {
        if (cl.getCommand() instanceof SettingsCommand command) {
            command.declareFlags(cl.getCommandSpec());
        }
        cl.getSubcommands().values().forEach(Cli::declareSettingsFlags);
    }

    private static Throwable find(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }
}

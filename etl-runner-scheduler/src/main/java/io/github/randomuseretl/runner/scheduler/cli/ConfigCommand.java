package io.github.randomuseretl.runner.scheduler.cli;

import io.github.randomuseretl.core.config.Setting;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.config.Use;
import io.github.randomuseretl.logging.Redactor;
import io.github.randomuseretl.runner.scheduler.wiring.KnownSettings;
import io.github.randomuseretl.runner.scheduler.wiring.SchedulerConfig;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code config}: every setting's effective value and where it came from, secrets masked. */
@Command(name = "config", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the effective settings, secrets masked.",
            "Checks the settings and prints each one's effective value and where it came from (flag, environment, "
            + "default, or the file a secret was read from). Secrets are masked. Warns about ETL_ names that are no "
            + "setting, with the closest one, and when ETL_SOURCE_BUDGET cannot sustain ETL_USERS_PER_RUN on ETL_SCHEDULE. "
            + "Exits 2 naming the first wrong setting."})
final class ConfigCommand extends TopLevelCommand {

    ConfigCommand() {
        super(Use.RUN, Use.values());
    }

    @Override
    public Integer call() {
        Settings settings = settings();
        SchedulerConfig config = SchedulerConfig.from(settings);
        Map<String, String> flagValues = flagValues();
        Table table = new Table("SETTING", "VALUE", "FROM");
        for (Setting<?> s : KnownSettings.CATALOG.all()) {
            Optional<String> file = s.fileName().filter(f -> settings.optional(f).isPresent());
            if (file.isPresent() && settings.optional(s.name()).isEmpty()) {
                table.row(s.name(), Setting.MASK, file.get());
            } else {
                row(table, s.name(), s.secret(), settings, flagValues, s.defaultText());
            }
            s.fileName().ifPresent(f -> row(table, f, false, settings, flagValues, "unset"));
        }
        table.print(out());
        PrintWriter err = spec.commandLine().getErr();
        KnownSettings.CATALOG.unknown(given()).forEach(warning -> err.println("warning: " + warning));
        config.budgetWarning().ifPresent(line -> err.println("warning: " + line));
        err.flush();
        return ExitCode.OK;
    }

    private static void row(Table table, String name, boolean secret, Settings settings, Map<String, String> flagValues,
            String fallback) {
        settings.optional(name).ifPresentOrElse(
                value -> table.row(name, secret ? Setting.MASK : Redactor.credentials(value), flagValues.containsKey(name) ? "flag" : "environment"),
                () -> table.row(name, fallback, "default"));
    }
}

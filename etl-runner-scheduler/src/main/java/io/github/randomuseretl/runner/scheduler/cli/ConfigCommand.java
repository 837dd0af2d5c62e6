package io.github.randomuseretl.runner.scheduler.cli;

import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.runner.scheduler.config.KnownSettings;
import io.github.randomuseretl.runner.scheduler.config.Masking;
import io.github.randomuseretl.runner.scheduler.wiring.App;
import io.github.randomuseretl.runner.scheduler.wiring.SchedulerConfig;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;

/** {@code config}: every setting's effective value and where it came from, secrets masked. */
@Command(name = "config", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the effective settings, secrets masked.",
            "Checks the settings and prints each one's effective value and where it came from (flag, environment or "
            + "default). Passwords are masked. Exits 2 naming the first wrong setting."})
final class ConfigCommand extends TopLevelCommand {

    @Override
    public Integer call() {
        Settings settings = settings();
        SchedulerConfig config = SchedulerConfig.from(settings);
        Map<String, String> flagValues = flags.values();
        Table table = new Table("SETTING", "VALUE", "FROM");
        Set<String> printed = new TreeSet<>();
        for (KnownSettings.Setting s : KnownSettings.ALL) {
            row(table, s.name(), settings, flagValues, s.defaultValue());
            printed.add(s.name());
        }
        for (String name : new TreeSet<>(settings.known())) {
            if (!printed.contains(name)) {
                row(table, name, settings, flagValues, "unset");
            }
        }
        table.print(out());
        Set<String> unknown = App.unknown(settings, App.given(env(), flagValues));
        for (String name : unknown) {
            spec.commandLine().getErr().println("warning: " + name + " is set but is not a setting of this program; check its spelling");
        }
        config.budgetWarning().ifPresent(line -> spec.commandLine().getErr().println("warning: " + line));
        spec.commandLine().getErr().flush();
        return ExitCode.OK;
    }

    private void row(Table table, String name, Settings settings, Map<String, String> flagValues, String fallback) {
        var value = settings.optional(name);
        if (value.isPresent()) {
            table.row(name, Masking.value(name, value.get()), flagValues.containsKey(name) ? "flag" : "environment");
        } else {
            table.row(name, fallback, "default");
        }
    }
}

package io.github.randomuseretl.runner.scheduler.cli;

import io.github.randomuseretl.core.config.Setting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command's setting flags, derived from the descriptors: one per setting the command uses, named after
 * it ({@code --db-url} sets {@code ETL_DB_URL}), and for a secret its file form too
 * ({@code --db-password-file}). Nothing about a setting is written here.
 */
final class SettingsFlags {

    private final Map<String, OptionSpec> byName = new LinkedHashMap<>();

    /**
     * Adds the flags in their own section of the command's help.
     *
     * @param spec     the command
     * @param settings the settings it uses
     */
    void declare(CommandSpec spec, List<Setting<?>> settings) {
        ArgGroupSpec.Builder section = ArgGroupSpec.builder().validate(false)
                .heading("%nSettings (each flag overrides its environment variable):%n");
        for (Setting<?> s : settings) {
            String help = s.name() + ": " + s.meaning() + ". "
                    + ("required".equals(s.defaultText()) ? "Required" : "Default " + s.defaultText())
                    + ("text".equals(s.expected()) ? "" : "; " + s.expected()) + "."
                    + s.fileFlag().map(f -> " A flag shows in the process list: prefer " + f + ".").orElse("");
            section.addArg(option(s.name(), s.flag(), s.label(), help));
            s.fileName().ifPresent(file -> section.addArg(option(file, s.fileFlag().orElseThrow(), "FILE",
                    file + ": a file holding " + s.name() + "; its last newline is dropped.")));
        }
        if (!byName.isEmpty()) {
            // The synopsis keeps the command's own options readable; the settings follow in their section.
            String synopsis = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF)).synopsis("Usage: ".length()).stripTrailing();
            spec.usageMessage().customSynopsis((synopsis + " [SETTINGS...]").replace("%", "%%"));
            spec.addArgGroup(section.build());
        }
    }

    private OptionSpec option(String name, String flag, String label, String description) {
        OptionSpec option = OptionSpec.builder(flag).paramLabel(label).type(String.class).order(byName.size())
                // Picocli formats descriptions: a % in a meaning must stay a %.
                .description(description.replace("%", "%%")).build();
        byName.put(name, option);
        return option;
    }

    /** @return the settings given as flags, by environment name */
    Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        byName.forEach((name, option) -> {
            String value = option.getValue();
            if (value != null) {
                values.put(name, value);
            }
        });
        return values;
    }
}

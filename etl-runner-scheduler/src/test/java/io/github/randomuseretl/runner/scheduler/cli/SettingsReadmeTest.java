package io.github.randomuseretl.runner.scheduler.cli;

import io.github.randomuseretl.core.config.Use;
import io.github.randomuseretl.core.testing.GeneratedReadme;
import io.github.randomuseretl.runner.scheduler.wiring.KnownSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** README's settings table and its key of uses are the descriptors' and the commands', never typed by hand. */
class SettingsReadmeTest {

    @Test
    void readmesSettingsTableIsTheCatalog() {
        GeneratedReadme.assertBlock(GeneratedReadme.file("README.md"), "settings", GeneratedReadme.settingsTable(KnownSettings.CATALOG));
    }

    @Test
    void readmeSaysWhichCommandsEachUseMeans() {
        StringBuilder table = new StringBuilder("| used for | commands whose help lists the setting |\n| --- | --- |\n");
        for (Use use : Use.values()) {
            List<String> commands = new ArrayList<>();
            collect(Cli.commandLine(Map.of()), use, commands);
            table.append("| ").append(use.name().toLowerCase(Locale.ROOT)).append(" | ")
                    .append(String.join(", ", commands.stream().map(c -> "`" + c + "`").toList())).append(" |\n");
        }
        GeneratedReadme.assertBlock(GeneratedReadme.file("README.md"), "uses", table.toString());
    }

    private static void collect(CommandLine cl, Use use, List<String> commands) {
        if (cl.getCommand() instanceof SettingsCommand c && c.uses().contains(use)) {
            commands.add(cl.getCommandSpec().qualifiedName().substring("randomuser-etl ".length()));
        }
        cl.getSubcommands().values().forEach(sub -> collect(sub, use, commands));
    }
}

package io.github.randomuseretl.runner.scheduler.cli;

import java.util.Map;
import picocli.CommandLine.ParentCommand;

/** A command directly under {@code randomuser-etl}: its environment is the root command's. */
abstract class TopLevelCommand extends SettingsCommand {

    @ParentCommand
    RootCommand root;

    @Override
    Map<String, String> env() {
        return root.env();
    }
}

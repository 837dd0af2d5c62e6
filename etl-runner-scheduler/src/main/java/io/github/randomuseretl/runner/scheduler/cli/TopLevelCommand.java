package io.github.randomuseretl.runner.scheduler.cli;

import io.github.randomuseretl.core.config.Use;
import java.util.Map;
import picocli.CommandLine.ParentCommand;

/** A command directly under {@code randomuser-etl}: its environment is the root command's. */
abstract class TopLevelCommand extends SettingsCommand {

    @ParentCommand
    RootCommand root;

    TopLevelCommand(Use first, Use... more) {
        super(first, more);
    }

    @Override
    Map<String, String> env() {
        return root.env();
    }
}

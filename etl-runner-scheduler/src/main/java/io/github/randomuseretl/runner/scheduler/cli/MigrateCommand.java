package io.github.randomuseretl.runner.scheduler.cli;

import io.github.randomuseretl.core.config.Use;
import io.github.randomuseretl.runner.scheduler.wiring.App;
import io.github.randomuseretl.runner.scheduler.wiring.Schema;
import picocli.CommandLine.Command;

/** {@code migrate}: create or upgrade the schema. */
@Command(name = "migrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Create or upgrade the database schema.",
            "Applies the Flyway migrations. Safe to run from several processes at once and when the schema is up to date. "
            + "Every other command refuses a schema that is not migrated (exit 6). The embedded database (no ETL_DB_URL) "
            + "is migrated by every command."})
final class MigrateCommand extends TopLevelCommand {

    MigrateCommand() {
        super(Use.MIGRATE);
    }

    @Override
    public Integer call() {
        try (App app = App.startToMigrate(settings(), given())) {
            Schema.Migrated r = app.get(Schema.class).migrate();
            out().println("schema " + r.schema() + " is at version " + r.version() + " ("
                    + r.applied() + " migration" + (r.applied() == 1 ? "" : "s") + " applied)");
            out().flush();
            return ExitCode.OK;
        }
    }
}

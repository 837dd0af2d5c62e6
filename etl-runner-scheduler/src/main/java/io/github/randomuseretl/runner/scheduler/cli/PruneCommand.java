package io.github.randomuseretl.runner.scheduler.cli;

import io.github.randomuseretl.core.config.Use;
import io.github.randomuseretl.core.config.InvalidSettingException;
import io.github.randomuseretl.core.port.RawArchive;
import io.github.randomuseretl.core.port.RunLedger;
import io.github.randomuseretl.runner.scheduler.wiring.App;
import io.github.randomuseretl.runner.scheduler.wiring.ArchiveChoice;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code prune}: delete old runs and quarantine rows. */
@Command(name = "prune", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Delete old runs and quarantined records.",
            "Deletes runs and quarantined records older than ETL_RETENTION_DAYS (default 30). Users and their history are kept. "
            + "With --archive, also the raw archive's date= partitions older than that (a file archive; an S3 archive "
            + "expires pages with the bucket's lifecycle rule)."})
final class PruneCommand extends TopLevelCommand {

    PruneCommand() {
        super(Use.INSPECT);
    }

    @Option(names = "--archive", description = "also delete the raw archive's pages of days older than the retention")
    boolean archive;

    @Override
    public Integer call() {
        try (App app = start()) {
            RunLedger.Pruned p = app.get(RunLedger.class).prune(app.config().retention());
            out().println("pruned " + p.runs() + " run(s) and " + p.quarantined() + " quarantined record(s) older than "
                    + app.config().retention().toDays() + " days");
            if (archive) {
                RawArchive raw = app.get(ArchiveChoice.class).archive().orElseThrow(() -> new InvalidSettingException("ETL_ARCHIVE_URL",
                        "file:///absolute/path or s3://bucket/prefix: prune --archive prunes the raw archive", "off"));
                LocalDate before = LocalDate.ofInstant(Instant.now().minus(app.config().retention()), ZoneOffset.UTC);
                OptionalLong deleted = raw.pruneBefore(before);
                out().println(deleted.isPresent()
                        ? "pruned " + deleted.getAsLong() + " archived object(s) of days before " + before + " from " + raw.describe()
                        : raw.describe() + " expires pages with its own lifecycle rule (see README, Raw archive); nothing pruned here");
            }
            out().flush();
            return ExitCode.OK;
        }
    }
}

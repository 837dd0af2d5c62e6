package io.github.randomuseretl.runner.scheduler.cli;

import io.github.randomuseretl.core.catchup.CatchUpPlanner;
import io.github.randomuseretl.core.catchup.CatchUpSettings;
import io.github.randomuseretl.core.catchup.Gap;
import io.github.randomuseretl.core.config.InvalidSettingException;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.config.Use;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.logging.Redactor;
import io.github.randomuseretl.runner.scheduler.wiring.App;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gaps}: the slots the schedule made due that have no succeeded run. */
@Command(name = "gaps", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List the slots that have no succeeded run, each with its last error.",
            "The slots ETL_SCHEDULE made due in the last --since (from the pipeline's first run on, up to the current "
            + "minute) that have no succeeded run, oldest first, with their number of runs, latest status and latest error. "
            + "serve's catch-up (ETL_CATCH_UP) heals those inside its window; backfill the older ones."})
final class GapsCommand extends TopLevelCommand {

    private static final Duration MIN_SINCE = Duration.ofMinutes(1);
    private static final Duration MAX_SINCE = Duration.ofDays(366);

    GapsCommand() {
        super(Use.INSPECT);
    }

    @Option(names = "--since", paramLabel = "DURATION", order = -1, defaultValue = "24h",
            description = "how far back to look, e.g. 90m, 24h, 7d (default 24h)")
    String since;

    @Override
    public Integer call() {
        // The flag is read like a duration setting and fails the same way: one line naming it, before anything is wired.
        Duration back = Settings.parseDuration(since);
        if (back == null || back.compareTo(MIN_SINCE) < 0 || back.compareTo(MAX_SINCE) > 0) {
            throw new InvalidSettingException("--since", "a duration from 1m to 366d such as 90m, 24h or 7d", since);
        }
        try (App app = start()) {
            Clock clock = app.get(Clock.class);
            Instant now = clock.instant();
            Instant from = now.minus(back);
            Slot current = Slot.containing(now);
            List<Gap> gaps = app.get(CatchUpPlanner.class).gaps(from, current.start());
            CatchUpSettings catchUp = app.config().catchUp();
            if (gaps.isEmpty()) {
                out().println("no gaps: every slot due since " + Slot.containing(from) + " has a succeeded run");
                out().flush();
                return ExitCode.OK;
            }
            Table t = new Table("SLOT", "RUNS", "LAST_STATUS", "LAST_ERROR");
            for (Gap g : gaps) {
                t.row(g.slot(), g.runs(), g.lastStatus() == null ? "never ran" : g.lastStatus().text(),
                        g.lastError() == null ? "" : Redactor.redact(RunsCommand.shorten(g.lastError(), 120)));
            }
            t.print(out());
            Instant healable = current.start().minus(catchUp.window());
            List<Gap> older = gaps.stream().filter(g -> g.slot().start().isBefore(healable)).toList();
            StringBuilder summary = new StringBuilder().append(gaps.size()).append(" slot(s) without a succeeded run since ")
                    .append(Slot.containing(from));
            if (catchUp.enabled()) {
                summary.append("; serve's catch-up heals those from ").append(Slot.containing(healable)).append(" on (ETL_CATCH_UP ")
                        .append(catchUp.window().toMinutes()).append(" min)");
            } else {
                summary.append("; catch-up is off (ETL_CATCH_UP=0)");
            }
            if (!older.isEmpty()) {
                summary.append("; for the ").append(older.size()).append(" older: backfill --from ").append(older.get(0).slot())
                        .append(" --to ").append(older.get(older.size() - 1).slot());
            }
            out().println(summary);
            out().flush();
            return ExitCode.OK;
        }
    }
}

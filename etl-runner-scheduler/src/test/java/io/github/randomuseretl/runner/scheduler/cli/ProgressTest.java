package io.github.randomuseretl.runner.scheduler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.run.LoadCounts;
import io.github.randomuseretl.core.run.RunOutcome;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunStatus;
import io.github.randomuseretl.core.run.StageDurations;
import io.github.randomuseretl.core.run.Trigger;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private static final UUID RUN = UUID.fromString("00000000-0000-4000-8000-000000000001");

    private static RunReport report(String slot, RunStatus status, long inserted, String error) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        return new RunReport(RUN, "randomuser", Slot.parse(slot), Trigger.BACKFILL, 1, status, inserted,
                new LoadCounts(inserted, 0, 0, 0), StageDurations.ZERO, t, t, error);
    }

    private static RunOutcome executed(String slot, RunStatus status, long inserted, String error) {
        return new RunOutcome.Executed(report(slot, status, inserted, error));
    }

    @Test
    void withoutATerminalEachSlotIsOneGreppableLine() {
        StringWriter out = new StringWriter();
        Progress p = Progress.forConsole(new PrintWriter(out), 4, false);
        p.step(1, new RunOutcome.AlreadyDone(report("2026-01-01T00:00Z", RunStatus.SUCCEEDED, 20, null)), 1, 0, 0);
        p.step(2, executed("2026-01-01T00:01Z", RunStatus.SUCCEEDED, 20, null), 2, 0, 20);
        p.step(3, executed("2026-01-01T00:02Z", RunStatus.FAILED, 0, "source: HTTP \"503\""), 2, 1, 20);
        p.step(3, new RunOutcome.Deferred(Slot.parse("2026-01-01T00:03Z"), java.time.Instant.parse("2026-01-01T00:05:00Z"),
                "source budget 20000/5m: 20000 users asked for"), 2, 1, 20);
        p.step(4, new RunOutcome.Busy(Slot.parse("2026-01-01T00:03Z"), RUN), 2, 2, 20);
        p.finish();
        assertEquals("backfill 1/4 slot=2026-01-01T00:00Z status=already_succeeded run=" + RUN + "\n"
                + "backfill 2/4 slot=2026-01-01T00:01Z status=succeeded inserted=20 updated=0 unchanged=0 rejected=0\n"
                + "backfill 3/4 slot=2026-01-01T00:02Z status=failed inserted=0 updated=0 unchanged=0 rejected=0 error=\"source: HTTP '503'\"\n"
                + "backfill 3/4 slot=2026-01-01T00:03Z status=deferred until=2026-01-01T00:05:00Z reason=\"source budget 20000/5m: "
                + "20000 users asked for\"\n"
                + "backfill 4/4 slot=2026-01-01T00:03Z status=busy run=" + RUN + "\n",
                out.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void onATerminalOneBarIsRedrawnInPlace() {
        StringWriter out = new StringWriter();
        Progress p = Progress.forConsole(new PrintWriter(out), 4, true);
        p.step(1, executed("2026-01-01T00:00Z", RunStatus.SUCCEEDED, 20, null), 1, 0, 20);
        p.step(2, executed("2026-01-01T00:01Z", RunStatus.SUCCEEDED, 20, null), 2, 0, 40);
        p.step(3, executed("2026-01-01T00:02Z", RunStatus.FAILED, 0, "source: HTTP 503"), 2, 1, 40);
        p.finish();
        assertEquals("\r[#######.......................] 1/4 slots  1 loaded  0 failed  20 users inserted  2026-01-01T00:00Z"
                + "\r[###############...............] 2/4 slots  2 loaded  0 failed  40 users inserted  2026-01-01T00:01Z"
                + "\r\033[K2026-01-01T00:02Z failed: source: HTTP 503\n"
                + "\r[######################........] 3/4 slots  2 loaded  1 failed  40 users inserted  2026-01-01T00:02Z\n",
                out.toString().replace(System.lineSeparator(), "\n"));
    }
}

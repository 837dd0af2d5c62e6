package io.github.randomuseretl.runner.scheduler.cli;

import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunStatus;
import java.io.PrintWriter;
import java.util.Locale;

/** Shows a backfill's progress: a bar redrawn in place on a terminal, a line per step otherwise. */
final class Progress {

    private static final int BAR = 30;

    private final PrintWriter out;
    private final int total;
    private final boolean interactive;

    private Progress(PrintWriter out, int total, boolean interactive) {
        this.out = out;
        this.total = total;
        this.interactive = interactive;
    }

    static Progress forConsole(PrintWriter out, int total, boolean terminal) {
        return new Progress(out, total, terminal);
    }

    boolean interactive() {
        return interactive;
    }

    void step(int done, RunReport r, boolean executed, int ok, int notOk, long inserted) {
        if (interactive) {
            if (r.status() != RunStatus.SUCCEEDED) {
                // The run summaries are quiet while the bar is drawn: a failure gets a line of its own above it.
                out.print(String.format(Locale.ROOT, "\r\033[K%s %s%s%n", r.slot(), r.status().text(),
                        r.error() == null ? "" : ": " + r.error()));
            }
            int filled = (int) ((long) BAR * done / total);
            out.print(String.format(Locale.ROOT, "\r[%s%s] %d/%d slots  %d loaded  %d failed  %d users inserted  %s",
                    "#".repeat(filled), ".".repeat(BAR - filled), done, total, ok, notOk, inserted, r.slot()));
        } else {
            String line;
            if (executed) {
                line = String.format(Locale.ROOT, "backfill %d/%d slot=%s status=%s inserted=%d updated=%d unchanged=%d rejected=%d%s",
                        done, total, r.slot(), r.status().text(), r.inserted(), r.updated(), r.unchanged(), r.rejected(),
                        r.error() == null ? "" : " error=\"" + r.error().replace('"', '\'') + '"');
            } else {
                String status = r.status() == RunStatus.SUCCEEDED ? "already_succeeded" : r.status().text();
                line = String.format(Locale.ROOT, "backfill %d/%d slot=%s status=%s run=%s%s", done, total, r.slot(), status, r.runId(),
                        r.error() == null ? "" : " error=\"" + r.error().replace('"', '\'') + '"');
            }
            out.println(line);
        }
        out.flush();
    }

    void finish() {
        if (interactive) {
            out.println();
            out.flush();
        }
    }
}

package io.github.randomuseretl.runner.scheduler.cli;

import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.run.RunOutcome;
import io.github.randomuseretl.core.run.RunReport;
import java.io.PrintWriter;
import java.util.Locale;

/** Shows a backfill's (or a rebuild's) progress: a bar redrawn in place on a terminal, a line per step otherwise. */
final class Progress {

    private static final int BAR = 30;

    private final PrintWriter out;
    private final int total;
    private final boolean interactive;
    private final String label;

    private Progress(PrintWriter out, int total, boolean interactive, String label) {
        this.label = label;
        this.out = out;
        this.total = total;
        this.interactive = interactive;
    }

    static Progress forConsole(PrintWriter out, int total, boolean terminal) {
        return forConsole(out, total, terminal, "backfill");
    }

    static Progress forConsole(PrintWriter out, int total, boolean terminal, String label) {
        return new Progress(out, total, terminal, label);
    }

    /** A slot passed over without a run, e.g. one the archive does not hold. */
    void skipped(int done, Slot slot, String why, int ok, int notOk, long inserted) {
        if (interactive) {
            int filled = (int) ((long) BAR * done / total);
            out.print(String.format(Locale.ROOT, "\r[%s%s] %d/%d slots  %d loaded  %d failed  %d users inserted  %s",
                    "#".repeat(filled), ".".repeat(BAR - filled), done, total, ok, notOk, inserted, slot));
        } else {
            out.println(String.format(Locale.ROOT, "%s %d/%d slot=%s status=skipped reason=\"%s\"", label, done, total, slot, why));
        }
        out.flush();
    }

    boolean interactive() {
        return interactive;
    }

    void step(int done, RunOutcome outcome, int ok, int notOk, long inserted) {
        if (interactive) {
            String problem = problem(outcome);
            if (problem != null) {
                // The run summaries are quiet while the bar is drawn: a failure gets a line of its own above it.
                out.print(String.format(Locale.ROOT, "\r\033[K%s %s%n", outcome.slot(), problem));
            }
            int filled = (int) ((long) BAR * done / total);
            out.print(String.format(Locale.ROOT, "\r[%s%s] %d/%d slots  %d loaded  %d failed  %d users inserted  %s",
                    "#".repeat(filled), ".".repeat(BAR - filled), done, total, ok, notOk, inserted, outcome.slot()));
        } else {
            String line;
            if (outcome instanceof RunOutcome.Executed e) {
                RunReport r = e.report();
                line = String.format(Locale.ROOT, "%s %d/%d slot=%s status=%s inserted=%d updated=%d unchanged=%d rejected=%d%s",
                        label, done, total, r.slot(), r.status().text(), r.inserted(), r.updated(), r.unchanged(), r.rejected(),
                        r.error() == null ? "" : " error=\"" + r.error().replace('"', '\'') + '"');
            } else if (outcome instanceof RunOutcome.Deferred d) {
                line = String.format(Locale.ROOT, "%s %d/%d slot=%s status=deferred until=%s reason=\"%s\"", label, done, total, d.slot(),
                        d.until(), d.reason().replace('"', '\''));
            } else if (outcome instanceof RunOutcome.AlreadyDone d) {
                line = String.format(Locale.ROOT, "%s %d/%d slot=%s status=already_succeeded run=%s", label, done, total, d.slot(),
                        d.earlier().runId());
            } else {
                RunOutcome.Busy b = (RunOutcome.Busy) outcome;
                line = String.format(Locale.ROOT, "%s %d/%d slot=%s status=busy run=%s", label, done, total, b.slot(), b.heldBy());
            }
            out.println(line);
        }
        out.flush();
    }

    /** @return what went wrong with the slot, or {@code null} if it is loaded */
    private static String problem(RunOutcome outcome) {
        if (outcome instanceof RunOutcome.Executed e && !e.report().succeeded()) {
            return e.report().status().text() + (e.report().error() == null ? "" : ": " + e.report().error());
        }
        if (outcome instanceof RunOutcome.Busy b) {
            return "busy: held by run " + b.heldBy();
        }
        if (outcome instanceof RunOutcome.Deferred d) {
            return "deferred until " + d.until() + ": " + d.reason();
        }
        return null;
    }

    void finish() {
        if (interactive) {
            out.println();
            out.flush();
        }
    }
}

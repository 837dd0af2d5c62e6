package io.github.randomuseretl.runner.scheduler.observe;

import io.github.randomuseretl.core.pipeline.RunListener;
import io.github.randomuseretl.core.run.RunOutcome;
import io.github.randomuseretl.core.run.RunReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One summary line per run, with its figures as key-value pairs (fields in JSON logs). Never logs a
 * record: only counts, the slot, ids and the error message.
 */
public final class RunSummaryLog implements RunListener {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.randomuseretl.run");

    @Override
    public void runFinished(RunOutcome outcome) {
        if (outcome instanceof RunOutcome.Busy busy) {
            LOG.atInfo().addKeyValue("slot", busy.slot().toString())
                    .addKeyValue("status", RunMetrics.BUSY)
                    .addKeyValue("run_id", busy.heldBy().toString())
                    .log("run skipped: another process holds the slot");
            return;
        }
        if (outcome instanceof RunOutcome.Deferred deferred) {
            LOG.atInfo().addKeyValue("slot", deferred.slot().toString())
                    .addKeyValue("status", RunMetrics.DEFERRED)
                    .addKeyValue("until", deferred.until().toString())
                    .log("run deferred: " + deferred.reason());
            return;
        }
        if (outcome instanceof RunOutcome.AlreadyDone done) {
            RunReport r = done.earlier();
            LOG.atInfo().addKeyValue("slot", r.slot().toString())
                    .addKeyValue("status", RunMetrics.ALREADY_SUCCEEDED)
                    .addKeyValue("trigger", r.trigger().text())
                    .addKeyValue("run_id", r.runId().toString())
                    .addKeyValue("attempt", r.attempt())
                    .log("slot already loaded");
            return;
        }
        RunReport r = ((RunOutcome.Executed) outcome).report();
        LoggingEventBuilder line = r.succeeded() ? LOG.atInfo() : LOG.atWarn();
        line = line.addKeyValue("slot", r.slot().toString())
                .addKeyValue("status", r.status().text())
                .addKeyValue("trigger", r.trigger().text())
                .addKeyValue("run_id", r.runId().toString())
                .addKeyValue("attempt", r.attempt())
                .addKeyValue("fetched", r.fetched())
                .addKeyValue("inserted", r.inserted())
                .addKeyValue("updated", r.updated())
                .addKeyValue("unchanged", r.unchanged())
                .addKeyValue("rejected", r.rejected())
                .addKeyValue("duration_ms", r.durations().total().toMillis());
        if (r.error() != null) {
            line = line.addKeyValue("error", r.error());
        }
        line.log("run " + r.status().text());
    }
}

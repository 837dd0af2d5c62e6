package io.github.randomuseretl.runner.scheduler.observe;

import io.github.randomuseretl.core.pipeline.RunListener;
import io.github.randomuseretl.core.port.FetchStats;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunRequest;
import io.github.randomuseretl.core.run.RunStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One summary line per run, with its figures as key-value pairs (fields in JSON logs). Never logs a
 * record: only counts, the slot, ids and the error message.
 */
public final class RunSummaryLog implements RunListener {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.randomuseretl.run");

    private final Freshness freshness = new Freshness();

    @Override
    public void runStarted(RunRequest request) {
        freshness.started();
    }

    @Override
    public void sourceFetched(RunRequest request, FetchStats stats) {
        freshness.fetched();
    }

    @Override
    public void runFinished(RunReport r) {
        boolean executed = freshness.finishedExecuted();
        LoggingEventBuilder line;
        String message;
        if (!executed && r.status() == RunStatus.SUCCEEDED) {
            line = LOG.atInfo();
            message = "slot already loaded";
        } else if (r.status() == RunStatus.SKIPPED) {
            line = LOG.atInfo();
            message = "run skipped: another process holds the slot";
        } else if (r.status() == RunStatus.SUCCEEDED) {
            line = LOG.atInfo();
            message = "run succeeded";
        } else {
            line = LOG.atWarn();
            message = "run " + r.status().text();
        }
        line = line.addKeyValue("slot", r.slot().toString())
                .addKeyValue("status", executed || r.status() != RunStatus.SUCCEEDED ? r.status().text() : RunMetrics.ALREADY_SUCCEEDED)
                .addKeyValue("trigger", r.trigger().text())
                .addKeyValue("run_id", r.runId().toString())
                .addKeyValue("attempt", r.attempt());
        if (executed) {
            line = line.addKeyValue("fetched", r.fetched())
                    .addKeyValue("inserted", r.inserted())
                    .addKeyValue("updated", r.updated())
                    .addKeyValue("unchanged", r.unchanged())
                    .addKeyValue("rejected", r.rejected())
                    .addKeyValue("duration_ms", r.durations().total().toMillis());
        }
        if (r.error() != null) {
            line = line.addKeyValue("error", r.error());
        }
        line.log(message);
    }
}

package io.github.randomuseretl.runner.lambda;

import io.github.randomuseretl.core.run.RunOutcome;
import io.github.randomuseretl.core.run.RunReport;

/**
 * A tick's run did not succeed. Thrown out of the handler so the invocation fails and Lambda's retries
 * (then the on-failure destination) apply; the message is one line with the slot, run and cause.
 */
final class RunFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RunFailedException(String message) {
        super(message);
    }

    static RunFailedException busy(RunOutcome.Busy busy) {
        return new RunFailedException("slot " + busy.slot() + " is being run by another invocation (run " + busy.heldBy()
                + "); failing so Lambda retries once that run is over");
    }

    static RunFailedException failed(RunReport report) {
        return new RunFailedException("run " + report.runId() + " for slot " + report.slot() + " (attempt "
                + report.attempt() + ") " + report.status().text() + ": " + report.errorMessage().orElse("no error recorded"));
    }
}

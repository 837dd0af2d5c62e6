package io.github.randomuseretl.core.testing;

import io.github.randomuseretl.core.run.RunOutcome;
import io.github.randomuseretl.core.run.RunReport;

/** Reading what {@code EtlPipeline.run} did, in tests. */
public final class Outcomes {

    private Outcomes() {
    }

    /**
     * @param outcome an outcome
     * @return the report of the run it executed
     * @throws AssertionError if the call did not execute a run
     */
    public static RunReport executed(RunOutcome outcome) {
        if (outcome instanceof RunOutcome.Executed e) {
            return e.report();
        }
        throw new AssertionError("expected the run to be executed, got " + outcome);
    }

    /**
     * @param outcome an outcome
     * @return the report it carries: the executed run's, or the earlier success's for a slot already done
     * @throws AssertionError if the slot was busy
     */
    public static RunReport report(RunOutcome outcome) {
        if (outcome instanceof RunOutcome.Executed e) {
            return e.report();
        }
        if (outcome instanceof RunOutcome.AlreadyDone d) {
            return d.earlier();
        }
        throw new AssertionError("expected a report, got " + outcome);
    }
}

package io.github.randomuseretl.runner.scheduler.cli;

import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.run.RunOutcome;

/** The outcomes of a range of slots, counted once for the commands that run many (backfill, rebuild). */
final class SlotTally {

    private int loaded;
    private int before;
    private int failed;
    private int busy;
    private long inserted;
    private long updated;
    private long rejected;
    private Slot firstFailed;

    /** Counts one slot's outcome; busy and deferred ones count as busy (not loaded by this command). */
    void add(Slot slot, RunOutcome outcome) {
        if (outcome instanceof RunOutcome.Executed e && e.report().succeeded()) {
            loaded++;
            inserted += e.report().inserted();
            updated += e.report().updated();
            rejected += e.report().rejected();
        } else if (outcome instanceof RunOutcome.Executed e) {
            failed++;
            rejected += e.report().rejected();
            if (firstFailed == null) {
                firstFailed = slot;
            }
        } else if (outcome instanceof RunOutcome.AlreadyDone) {
            before++;
        } else {
            busy++;
        }
    }

    /** @return slots now loaded, by this command or before it */
    int settled() {
        return loaded + before;
    }

    /** @return slots that failed or were held by another process */
    int unsettled() {
        return failed + busy;
    }

    /** @return users inserted so far */
    long inserted() {
        return inserted;
    }

    /** @return whether no slot failed and none was busy */
    boolean clean() {
        return failed == 0 && busy == 0;
    }

    /**
     * The counts as the summary line states them.
     *
     * @param alsoSkipped a count of the command's own between "already loaded" and "failed", e.g.
     *                    {@code "3 not archived, "}; empty for none
     */
    String summary(String alsoSkipped) {
        return loaded + " loaded now, " + before + " already loaded, " + alsoSkipped + failed + " failed, " + busy + " busy; "
                + inserted + " users inserted, " + updated + " updated, " + rejected + " records rejected"
                + (firstFailed == null ? "" : "; first failed slot " + firstFailed);
    }
}

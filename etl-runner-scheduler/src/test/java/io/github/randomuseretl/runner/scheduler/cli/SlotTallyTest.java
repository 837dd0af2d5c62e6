package io.github.randomuseretl.runner.scheduler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.run.LoadCounts;
import io.github.randomuseretl.core.run.RunOutcome;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunStatus;
import io.github.randomuseretl.core.run.StageDurations;
import io.github.randomuseretl.core.run.Trigger;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SlotTallyTest {

    private static final Slot FIRST = Slot.parse("2026-01-01T00:00Z");
    private static final Instant AT = Instant.parse("2026-01-01T00:01:00Z");

    @Test
    void countsEachOutcomeAndNamesTheFirstFailedSlot() {
        SlotTally tally = new SlotTally();
        tally.add(FIRST, new RunOutcome.Executed(report(FIRST, RunStatus.SUCCEEDED, new LoadCounts(5, 2, 1, 3))));
        tally.add(FIRST.next(), new RunOutcome.AlreadyDone(report(FIRST.next(), RunStatus.SUCCEEDED, LoadCounts.NONE)));
        tally.add(FIRST.next().next(), new RunOutcome.Executed(report(FIRST.next().next(), RunStatus.FAILED, new LoadCounts(0, 0, 0, 4))));
        tally.add(FIRST.next().next().next(), new RunOutcome.Busy(FIRST.next().next().next(), UUID.randomUUID()));

        assertEquals(2, tally.settled());
        assertEquals(2, tally.unsettled());
        assertEquals(5, tally.inserted());
        assertFalse(tally.clean());
        assertEquals("1 loaded now, 1 already loaded, 7 not archived, 1 failed, 1 busy; 5 users inserted, 2 updated, "
                + "7 records rejected; first failed slot " + FIRST.next().next(), tally.summary("7 not archived, "));
    }

    @Test
    void aRangeOfSuccessesIsClean() {
        SlotTally tally = new SlotTally();
        tally.add(FIRST, new RunOutcome.Executed(report(FIRST, RunStatus.SUCCEEDED, new LoadCounts(1, 0, 0, 0))));

        assertTrue(tally.clean());
        assertEquals("1 loaded now, 0 already loaded, 0 failed, 0 busy; 1 users inserted, 0 updated, 0 records rejected",
                tally.summary(""));
    }

    @Test
    void aDeferredSlotIsNotCountedAsLoaded() {
        SlotTally tally = new SlotTally();
        tally.add(FIRST, new RunOutcome.Deferred(FIRST, AT, "budget"));

        assertEquals(0, tally.settled());
        assertFalse(tally.clean());
    }

    private static RunReport report(Slot slot, RunStatus status, LoadCounts counts) {
        return new RunReport(UUID.randomUUID(), "randomuser", slot, Trigger.BACKFILL, 1, status, counts.inserted(), counts,
                StageDurations.ZERO, AT, AT, status == RunStatus.FAILED ? "source down" : null);
    }
}

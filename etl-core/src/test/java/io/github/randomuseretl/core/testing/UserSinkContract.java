package io.github.randomuseretl.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.model.RejectionReason;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.model.User;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.port.RunLedger;
import io.github.randomuseretl.core.port.RunLoad;
import io.github.randomuseretl.core.port.SinkException;
import io.github.randomuseretl.core.port.SlotClaim;
import io.github.randomuseretl.core.port.UserSink;
import io.github.randomuseretl.core.run.LoadCounts;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunRequest;
import io.github.randomuseretl.core.run.RunStatus;
import io.github.randomuseretl.core.run.SourceBudget;
import io.github.randomuseretl.core.run.StageDurations;
import io.github.randomuseretl.core.run.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UserSink} (and the {@link RunLedger} it keeps) must do, as one suite run against
 * each implementation: {@code InMemoryUserSinkTest} for the fake, {@code PostgresUserSinkContractIT} for
 * PostgreSQL. So the fake can never drift from the real sink.
 *
 * <p>A subclass gives each test a fresh, empty sink whose clock starts at {@link #START}, and makes a
 * run's holder die the way it really would (for PostgreSQL: its session is terminated).
 */
public abstract class UserSinkContract {

    /** Where every test's clock starts. */
    protected static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    private static final String PIPELINE = "randomuser";
    private static final String SLOT = "2026-03-01T10:00Z";

    /** @return the sink under test: fresh for each test */
    protected abstract UserSink sink();

    /** @return the ledger of that sink */
    protected abstract RunLedger ledger();

    /** @return the clock of that sink, at {@link #START} when the test begins */
    protected abstract MutableClock clock();

    /**
     * Ends the life of a claimed run's holder the way a crash would, and returns once the sink could
     * notice (the run's load is left open, as a dead process leaves it).
     *
     * @param claimed the run
     */
    protected abstract void holderDies(SlotClaim.Claimed claimed);

    /** @return the uuids of every user stored */
    protected abstract Set<UUID> storedUsers();

    // ---- helpers ----

    private RunRequest request(String pipeline, String slot, long users, SourceBudget budget) {
        Instant now = clock().instant();
        return new RunRequest(pipeline, Slot.parse(slot), Trigger.SCHEDULE, Map.of("results", Long.toString(users)), now,
                now.plusSeconds(50), users, Optional.ofNullable(budget));
    }

    private RunRequest request(String slot) {
        return request(PIPELINE, slot, 0, null);
    }

    private static SlotClaim.Claimed claimed(SlotClaim claim) {
        return assertInstanceOf(SlotClaim.Claimed.class, claim, "expected the slot to be claimed");
    }

    private Function<LoadCounts, RunReport> succeeded(SlotClaim.Claimed c, RunRequest r, long fetched) {
        Instant end = clock().instant().plusSeconds(1);
        return counts -> new RunReport(c.runId(), r.pipeline(), r.slot(), r.trigger(), c.attempt(), RunStatus.SUCCEEDED, fetched, counts,
                new StageDurations(Duration.ofMillis(5), Duration.ofMillis(3), Duration.ofMillis(7), Duration.ofMillis(20)),
                r.startedAt(), end, null);
    }

    private RunReport failed(SlotClaim.Claimed c, RunRequest r, String error) {
        return new RunReport(c.runId(), r.pipeline(), r.slot(), r.trigger(), c.attempt(), RunStatus.FAILED, 0, LoadCounts.NONE,
                StageDurations.ZERO, r.startedAt(), clock().instant().plusSeconds(1), error);
    }

    private RunReport load(String slot, List<User> users) {
        RunRequest r = request(slot);
        SlotClaim.Claimed c = claimed(sink().claim(r));
        try (RunLoad load = c.load()) {
            return new Batch(users, List.of()).writeTo(load, succeeded(c, r, users.size()));
        }
    }

    private void fail(String slot, String error) {
        RunRequest r = request(slot);
        SlotClaim.Claimed c = claimed(sink().claim(r));
        try (RunLoad load = c.load()) {
            load.fail(failed(c, r, error));
        }
    }

    private RunReport run(UUID runId) {
        return ledger().latestRuns(RunLedger.MAX_LIMIT).stream().filter(r -> r.runId().equals(runId)).findFirst()
                .orElseThrow(() -> new AssertionError("run " + runId + " is not in the ledger"));
    }

    private static Validation.Rejected rejection(int n) {
        return new Validation.Rejected(TestUsers.raw(n, "{\"n\":" + n + "}"), List.of(new RejectionReason("/email", "not an e-mail")));
    }

    // ---- claim ----

    @Test
    void aFreeSlotIsClaimedAsItsFirstAttemptAndRecordedRunning() {
        SlotClaim.Claimed c = claimed(sink().claim(request(SLOT)));
        try (RunLoad held = c.load()) {
            assertEquals(1, c.attempt());
            RunReport r = run(c.runId());
            assertEquals(RunStatus.RUNNING, r.status());
            assertEquals(Slot.parse(SLOT), r.slot());
            assertEquals(Trigger.SCHEDULE, r.trigger());
        }
    }

    @Test
    void aSucceededSlotIsNeverClaimedAgainAndAnswersWithTheReportAsRecorded() {
        RunReport written = load(SLOT, List.of(TestUsers.user(1)));
        clock().advance(Duration.ofHours(2));

        SlotClaim again = sink().claim(request(SLOT));

        assertEquals(new SlotClaim.AlreadySucceeded(written), again);
        assertEquals(1, ledger().latestRuns(10).size(), "nothing recorded for the refused claim");
    }

    @Test
    void aLiveRunMakesTheSlotBusyHoweverLongItTakes() {
        SlotClaim.Claimed first = claimed(sink().claim(request(SLOT)));
        try (RunLoad held = first.load()) {
            clock().advance(Duration.ofMinutes(30)); // far past its deadline, but its holder is alive

            assertEquals(new SlotClaim.Busy(first.runId()), sink().claim(request(SLOT)));
            assertEquals(RunStatus.RUNNING, run(first.runId()).status());
        }
    }

    @Test
    void aRunWhoseHolderDiedIsTakenOverAtOnceAndItsLateWriteWritesNothing() {
        RunRequest r = request(SLOT);
        SlotClaim.Claimed dead = claimed(sink().claim(r));
        new Batch(List.of(TestUsers.user(1), TestUsers.user(2)), List.of(rejection(1))).stageInto(dead.load());

        holderDies(dead);
        SlotClaim.Claimed retry = claimed(sink().claim(request(SLOT)));

        assertEquals(2, retry.attempt());
        RunReport abandoned = run(dead.runId());
        assertEquals(RunStatus.ABANDONED, abandoned.status());
        assertTrue(abandoned.error().startsWith("abandoned: "), abandoned.error());
        assertThrows(SinkException.class, () -> dead.load().commit(succeeded(dead, r, 3)), "the late writer writes nothing");
        dead.load().close();
        assertEquals(Set.of(), storedUsers());
        assertEquals(List.of(), ledger().quarantined(10, null));
        try (RunLoad load = retry.load()) {
            new Batch(List.of(TestUsers.user(1)), List.of()).writeTo(load, succeeded(retry, request(SLOT), 1));
        }
        assertEquals(Set.of(TestUsers.user(1).uuid()), storedUsers());
    }

    @Test
    void aLoadClosedWithoutAnOutcomeFreesItsSlotForTheNextClaim() {
        SlotClaim.Claimed first = claimed(sink().claim(request(SLOT)));
        first.load().close();

        SlotClaim.Claimed next = claimed(sink().claim(request(SLOT)));
        try (RunLoad held = next.load()) {
            assertEquals(2, next.attempt());
            assertEquals(RunStatus.ABANDONED, run(first.runId()).status());
        }
    }

    @Test
    void aFailedRunIsRecordedWithItsErrorAndItsSlotMayBeClaimedAgain() {
        fail(SLOT, "source: HTTP 503");

        SlotClaim.Claimed next = claimed(sink().claim(request(SLOT)));
        try (RunLoad held = next.load()) {
            assertEquals(2, next.attempt());
        }
        RunReport first = ledger().latestRuns(10).stream().filter(x -> x.attempt() == 1).findFirst().orElseThrow();
        assertEquals(RunStatus.FAILED, first.status());
        assertEquals("source: HTTP 503", first.error());
    }

    // ---- atomic write ----

    @Test
    void aCommitWritesUsersRejectionsAndTheOutcomeTogetherWithExactCounts() {
        load("2026-03-01T09:00Z", List.of(TestUsers.user(1)));
        RunRequest r = request(SLOT);
        SlotClaim.Claimed c = claimed(sink().claim(r));
        User two = TestUsers.user(2);
        User changed = new User(two.uuid(), "renamed", two.name(), two.gender(), two.email(), two.dateOfBirth(), two.registeredAt(),
                two.phone(), two.cell(), two.location(), two.nationalId(), two.pictures(), two.nationality(), two.passwordDigest());
        load("2026-03-01T09:01Z", List.of(TestUsers.user(2)));
        RunReport report;
        try (RunLoad load = c.load()) {
            report = new Batch(List.of(TestUsers.user(1), changed, TestUsers.user(3)), List.of(rejection(7)))
                    .writeTo(load, succeeded(c, r, 4));
        }

        assertEquals(new LoadCounts(1, 1, 1, 1), report.counts());
        assertEquals(report, run(c.runId()));
        assertEquals(Set.of(TestUsers.user(1).uuid(), TestUsers.user(2).uuid(), TestUsers.user(3).uuid()), storedUsers());
        assertEquals(List.of(c.runId()), ledger().quarantined(10, null).stream().map(q -> q.runId()).toList());
        assertEquals(List.of(new RejectionReason("/email", "not an e-mail")), ledger().quarantined(10, c.runId()).get(0).reasons());
    }

    @Test
    void aCommitThatFailsWritesNothingAndTheRunCanStillBeRecordedFailed() {
        RunRequest r = request(SLOT);
        SlotClaim.Claimed c = claimed(sink().claim(r));
        try (RunLoad load = c.load()) {
            new Batch(List.of(TestUsers.user(1)), List.of(rejection(1))).stageInto(load);
            assertThrows(RuntimeException.class, () -> load.commit(counts -> {
                throw new IllegalStateException("the outcome could not be built");
            }));
            assertEquals(Set.of(), storedUsers());
            assertEquals(List.of(), ledger().quarantined(10, null));
            load.fail(failed(c, r, "sink: the outcome could not be built"));
        }
        assertEquals(RunStatus.FAILED, run(c.runId()).status());
    }

    // ---- the gap query ----

    @Test
    void theGapQueryTellsPerSlotItsRunsWhetherOneSucceededAndTheLatestStatusAndError() {
        fail("2026-03-01T09:00Z", "source: HTTP 503");
        load("2026-03-01T09:00Z", List.of(TestUsers.user(1)));
        fail("2026-03-01T09:01Z", "source: timeout");
        SlotClaim.Claimed abandoned = claimed(sink().claim(request("2026-03-01T09:02Z")));
        abandoned.load().close();
        SlotClaim.Claimed running = claimed(sink().claim(request("2026-03-01T09:02Z")));
        try (RunLoad held = running.load()) {
            fail("2026-03-01T08:59Z", "before the range");
            fail("2026-03-01T09:03Z", "after the range");
            RunRequest other = request("other-pipeline", "2026-03-01T09:01Z", 0, null);
            try (RunLoad otherLoad = claimed(sink().claim(other)).load()) {
                // another pipeline's run of a slot in range counts for that pipeline only
            }

            List<RunLedger.SlotRuns> slots = ledger().slots(PIPELINE, Instant.parse("2026-03-01T09:00:00Z"),
                    Instant.parse("2026-03-01T09:03:00Z"));

            assertEquals(3, slots.size(), slots.toString());
            assertEquals(new RunLedger.SlotRuns(Slot.parse("2026-03-01T09:00Z"), 2, true, RunStatus.SUCCEEDED, "source: HTTP 503"),
                    slots.get(0));
            assertEquals(new RunLedger.SlotRuns(Slot.parse("2026-03-01T09:01Z"), 1, false, RunStatus.FAILED, "source: timeout"),
                    slots.get(1));
            RunLedger.SlotRuns third = slots.get(2);
            assertEquals(Slot.parse("2026-03-01T09:02Z"), third.slot());
            assertEquals(2, third.runs());
            assertEquals(RunStatus.RUNNING, third.lastStatus());
            assertTrue(third.lastError().startsWith("abandoned: "), third.lastError());
        }
    }

    @Test
    void theLedgerKnowsAPipelinesFirstSlotAndLastSuccess() {
        assertEquals(Optional.empty(), ledger().firstSlot(PIPELINE));
        fail("2026-03-01T09:30Z", "source: HTTP 500");
        clock().advance(Duration.ofMinutes(1));
        load("2026-03-01T09:00Z", List.of(TestUsers.user(1)));
        clock().advance(Duration.ofMinutes(1));
        RunReport latest = load("2026-03-01T09:45Z", List.of(TestUsers.user(2)));

        assertEquals(Optional.of(Slot.parse("2026-03-01T09:00Z")), ledger().firstSlot(PIPELINE), "the earliest slot, whenever it ran");
        assertEquals(Optional.of(latest.finishedAt()), ledger().lastSuccessAt(PIPELINE));
        assertEquals(Optional.empty(), ledger().firstSlot("other"));
    }

    // ---- the source budget ----

    @Test
    void claimsThatWouldExceedTheBudgetAreDeferredUntilEnoughOfTheWindowHasPassed() {
        SourceBudget budget = new SourceBudget(100, Duration.ofSeconds(10));
        // Two runs of 40 users, finished one second after they start.
        RunReport firstDone = null;
        for (int i = 0; i < 2; i++) {
            RunRequest r = request(PIPELINE, "2026-03-01T09:0" + i + "Z", 40, budget);
            SlotClaim.Claimed c = claimed(sink().claim(r));
            try (RunLoad load = c.load()) {
                RunReport done = load.commit(succeeded(c, r, 40));
                firstDone = firstDone == null ? done : firstDone;
            }
            clock().advance(Duration.ofSeconds(2));
        }

        SlotClaim.Deferred deferred = assertInstanceOf(SlotClaim.Deferred.class,
                sink().claim(request(PIPELINE, "2026-03-01T09:02Z", 40, budget)));
        assertEquals(firstDone.finishedAt().plusSeconds(10), deferred.until(),
                "when the first run's requests, over by its finish, leave the window");
        assertEquals(2, ledger().latestRuns(10).size(), "a deferred claim records nothing");
        assertInstanceOf(SlotClaim.Claimed.class, sink().claim(request("other-pipeline", "2026-03-01T09:02Z", 40, budget)),
                "the budget is counted per pipeline").load().close();
        assertInstanceOf(SlotClaim.Claimed.class, sink().claim(request(PIPELINE, "2026-03-01T09:03Z", 0, budget)),
                "a run that asks the source for nothing is never deferred").load().close();

        clock().set(deferred.until().plusMillis(1));
        SlotClaim.Claimed running = claimed(sink().claim(request(PIPELINE, "2026-03-01T09:02Z", 40, budget)));
        try (RunLoad held = running.load()) {
            // A run still in flight counts until its deadline: its requests may go out until then.
            clock().advance(Duration.ofSeconds(30));
            assertInstanceOf(SlotClaim.Deferred.class, sink().claim(request(PIPELINE, "2026-03-01T09:04Z", 70, budget)));
            assertInstanceOf(SlotClaim.Claimed.class, sink().claim(request(PIPELINE, "2026-03-01T09:05Z", 60, budget))).load().close();
        }
    }

    @Test
    void aWindowRecordedAsSpentDefersEveryBudgetedClaimUntilItEnds() {
        SourceBudget budget = new SourceBudget(1000, Duration.ofMinutes(5));
        RunRequest r = request(PIPELINE, SLOT, 10, budget);
        SlotClaim.Claimed c = claimed(sink().claim(r));
        Instant until = clock().instant().plus(Duration.ofMinutes(5));
        try (RunLoad load = c.load()) {
            load.failRateLimited(failed(c, r, "source: HTTP 429"), until);
        }
        assertEquals(RunStatus.FAILED, run(c.runId()).status());

        clock().advance(Duration.ofMinutes(4));
        SlotClaim.Deferred deferred = assertInstanceOf(SlotClaim.Deferred.class, sink().claim(request(PIPELINE, SLOT, 10, budget)));
        assertEquals(until, deferred.until());
        assertInstanceOf(SlotClaim.Claimed.class, sink().claim(request(PIPELINE, "2026-03-01T09:00Z", 0, budget))).load().close();

        clock().set(until.plusMillis(1));
        claimed(sink().claim(request(PIPELINE, SLOT, 10, budget))).load().close();
    }

    // ---- pruning ----

    @Test
    void pruneDeletesOldFinishedRunsWithTheirQuarantineAndKeepsRunningOnes() {
        RunRequest r = request("2026-03-01T09:00Z");
        SlotClaim.Claimed c = claimed(sink().claim(r));
        try (RunLoad load = c.load()) {
            new Batch(List.of(TestUsers.user(1)), List.of(rejection(1))).writeTo(load, succeeded(c, r, 2));
        }
        SlotClaim.Claimed running = claimed(sink().claim(request(SLOT)));
        try (RunLoad held = running.load()) {
            clock().advance(Duration.ofDays(31));
            load("2026-04-01T10:00Z", List.of(TestUsers.user(2)));

            assertEquals(new RunLedger.Pruned(1, 1), ledger().prune(Duration.ofDays(30)));
            assertEquals(2, ledger().latestRuns(10).size());
            assertEquals(Set.of(TestUsers.user(1).uuid(), TestUsers.user(2).uuid()), storedUsers(), "users are kept");
        }
    }
}

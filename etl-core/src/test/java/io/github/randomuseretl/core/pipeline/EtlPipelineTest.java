package io.github.randomuseretl.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.RejectionReason;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.port.FetchRequest;
import io.github.randomuseretl.core.port.FetchStats;
import io.github.randomuseretl.core.port.RunLoad;
import io.github.randomuseretl.core.port.SinkException;
import io.github.randomuseretl.core.port.SlotClaim;
import io.github.randomuseretl.core.port.SourceException;
import io.github.randomuseretl.core.port.SourceRateLimitedException;
import io.github.randomuseretl.core.port.UserSink;
import io.github.randomuseretl.core.port.UserSource;
import io.github.randomuseretl.core.port.UserValidator;
import io.github.randomuseretl.core.run.LoadCounts;
import io.github.randomuseretl.core.run.RunOutcome;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunRequest;
import io.github.randomuseretl.core.run.RunStatus;
import io.github.randomuseretl.core.run.SourceBudget;
import io.github.randomuseretl.core.run.StageDurations;
import io.github.randomuseretl.core.run.Trigger;
import io.github.randomuseretl.core.testing.TestUsers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class EtlPipelineTest {

    private static final Slot SLOT = Slot.parse("2026-01-01T00:00Z");
    private static final UUID RUN = UUID.fromString("00000000-0000-4000-8000-000000000001");

    @Mock
    private UserSource source;
    @Mock
    private UserValidator validator;
    @Mock
    private UserSink sink;
    @Mock
    private RunLoad load;

    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:01Z"), ZoneOffset.UTC);

    private EtlPipeline.Builder pipeline() {
        return EtlPipeline.builder().source(source).validator(validator).sink(sink).clock(clock);
    }

    @BeforeEach
    void sourceParameters() {
        org.mockito.Mockito.lenient().when(source.parameters(any())).thenReturn(Map.of("results", "3"));
    }

    private static RawRecord raw(int n) {
        return TestUsers.raw(n, "{\"n\":" + n + "}");
    }

    private void sourceDelivers(RawRecord... records) {
        when(source.fetch(any(), any())).thenAnswer(inv -> {
            Consumer<RawRecord> consumer = inv.getArgument(1);
            for (RawRecord r : records) {
                consumer.accept(r);
            }
            return new FetchStats(records.length, 1, 0, 100);
        });
    }

    private void claimGranted() {
        when(sink.claim(any())).thenReturn(new SlotClaim.Claimed(RUN, 1, load));
    }

    /** The load commits with the pipeline's own report for the given counts, as the real one does. */
    private void loadCommitsWith(LoadCounts counts) {
        when(load.commit(any())).thenAnswer(inv -> {
            Function<LoadCounts, RunReport> outcome = inv.getArgument(0);
            return outcome.apply(counts);
        });
    }

    /** As {@link #loadCommitsWith}, for a batch the quality gate refused. */
    private void loadCommitsRejectionsOnlyWith(LoadCounts counts) {
        when(load.commitRejectionsOnly(any())).thenAnswer(inv -> {
            Function<LoadCounts, RunReport> outcome = inv.getArgument(0);
            return outcome.apply(counts);
        });
    }

    private List<io.github.randomuseretl.core.model.User> staged() {
        ArgumentCaptor<io.github.randomuseretl.core.model.User> users = ArgumentCaptor.forClass(io.github.randomuseretl.core.model.User.class);
        verify(load, org.mockito.Mockito.atLeast(0)).stage(users.capture());
        return users.getAllValues();
    }

    private List<Validation.Rejected> quarantined() {
        ArgumentCaptor<Validation.Rejected> rejections = ArgumentCaptor.forClass(Validation.Rejected.class);
        verify(load, org.mockito.Mockito.atLeast(0)).quarantine(rejections.capture());
        return rejections.getAllValues();
    }

    private static RunReport executed(RunOutcome outcome) {
        return assertInstanceOf(RunOutcome.Executed.class, outcome).report();
    }

    private static Validation.Rejected rejected(RawRecord r) {
        return new Validation.Rejected(r, List.of(new RejectionReason("/email", "not an e-mail"),
                new RejectionReason("/login/uuid", "missing")));
    }

    @Test
    void loadsAcceptedUsersAndReportsTheSinksExactCounts() {
        claimGranted();
        sourceDelivers(raw(1), raw(2));
        when(validator.validate(raw(1))).thenReturn(new Validation.Accepted(TestUsers.user(1)));
        when(validator.validate(raw(2))).thenReturn(new Validation.Accepted(TestUsers.user(2)));
        loadCommitsWith(new LoadCounts(1, 1, 0, 0));

        RunReport report = executed(pipeline().build().run(SLOT, Trigger.MANUAL));

        assertEquals(RunStatus.SUCCEEDED, report.status());
        assertEquals(RUN, report.runId());
        assertEquals(2, report.fetched());
        assertEquals(1, report.inserted());
        assertEquals(1, report.updated());
        assertEquals(List.of(TestUsers.user(1), TestUsers.user(2)), staged());
        verify(load, never()).fail(any());
        verify(load).close();
    }

    @Test
    void aSlotThatAlreadySucceededIsNotRunAgainAndTheEarlierReportComesBack() {
        RunReport earlier = new RunReport(RUN, "randomuser", SLOT, Trigger.SCHEDULE, 1, RunStatus.SUCCEEDED, 5,
                new LoadCounts(5, 0, 0, 0), StageDurations.ZERO, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:02Z"), null);
        when(sink.claim(any())).thenReturn(new SlotClaim.AlreadySucceeded(earlier));

        RunOutcome outcome = pipeline().build().run(SLOT, Trigger.LAMBDA);

        assertSame(earlier, assertInstanceOf(RunOutcome.AlreadyDone.class, outcome).earlier());
        verify(source, never()).fetch(any(), any());
    }

    @Test
    void aSlotHeldByAnotherLiveRunIsBusyAndNothingIsFetched() {
        UUID other = UUID.randomUUID();
        when(sink.claim(any())).thenReturn(new SlotClaim.Busy(other));

        RunOutcome outcome = pipeline().build().run(SLOT, Trigger.SCHEDULE);

        assertEquals(new RunOutcome.Busy(SLOT, other), outcome);
        verify(source, never()).fetch(any(), any());
    }

    @Test
    void everyClaimCarriesTheUsersAskedOfTheSourceAndTheBudget() {
        SourceBudget budget = new SourceBudget(500, Duration.ofMinutes(1));
        when(source.requestedUsers()).thenReturn(100L);
        when(sink.claim(any())).thenReturn(new SlotClaim.Busy(UUID.randomUUID()));

        pipeline().sourceBudget(budget).build().run(SLOT, Trigger.SCHEDULE);

        ArgumentCaptor<RunRequest> request = ArgumentCaptor.forClass(RunRequest.class);
        verify(sink).claim(request.capture());
        assertEquals(100, request.getValue().users());
        assertEquals(java.util.Optional.of(budget), request.getValue().budgetToCheck());
    }

    @Test
    void aClaimTheBudgetDefersIsADeferredOutcomeAndNothingIsFetchedOrRecorded() {
        Instant until = Instant.parse("2026-01-01T00:03:00Z");
        when(sink.claim(any())).thenReturn(new SlotClaim.Deferred(until, "source budget 500/1m: 500 users asked for"));

        RunOutcome outcome = pipeline().build().run(SLOT, Trigger.CATCH_UP);

        assertEquals(new RunOutcome.Deferred(SLOT, until, "source budget 500/1m: 500 users asked for"), outcome);
        verify(source, never()).fetch(any(), any());
    }

    @Test
    void aSourceThatSaysItsWindowIsSpentFailsTheRunAndRecordsTheWindowAsSpentForEveryone() {
        claimGranted();
        when(source.fetch(any(), any())).thenThrow(new SourceRateLimitedException("HTTP 429: ease up", 0));

        RunReport report = executed(pipeline().sourceBudget(new SourceBudget(20_000, Duration.ofMinutes(5))).build()
                .run(SLOT, Trigger.SCHEDULE));

        assertEquals(RunStatus.FAILED, report.status());
        Instant until = clock.instant().plus(Duration.ofMinutes(5));
        assertEquals("source: HTTP 429: ease up (rate limited without Retry-After: the source's window is spent; no run asks it "
                + "again before " + until + ")", report.error());
        verify(load).failRateLimited(report, until);
        verify(load, never()).fail(any());
    }

    @Test
    void aSourceFailureFailsTheRunAndWritesNothingEvenAfterSomeRecordsArrived() {
        claimGranted();
        when(validator.validate(any())).thenReturn(new Validation.Accepted(TestUsers.user(1)));
        when(source.fetch(any(), any())).thenAnswer(inv -> {
            Consumer<RawRecord> consumer = inv.getArgument(1);
            consumer.accept(raw(1));
            throw new SourceException("truncated JSON after 1 record");
        });

        RunReport report = executed(pipeline().build().run(SLOT, Trigger.SCHEDULE));

        assertEquals(RunStatus.FAILED, report.status());
        assertEquals("source: truncated JSON after 1 record", report.error());
        verify(load, never()).commit(any());
        verify(load, never()).commitRejectionsOnly(any());
        ArgumentCaptor<RunReport> failed = ArgumentCaptor.forClass(RunReport.class);
        verify(load).fail(failed.capture());
        verify(load).close();
        assertEquals(RUN, failed.getValue().runId());
        assertEquals(RunStatus.FAILED, failed.getValue().status());
    }

    @Test
    void aSinkFailureFailsTheRunAndIsRecordedAsFailed() {
        claimGranted();
        sourceDelivers(raw(1));
        when(validator.validate(any())).thenReturn(new Validation.Accepted(TestUsers.user(1)));
        when(load.commit(any())).thenThrow(new SinkException("connection lost"));

        RunReport report = executed(pipeline().build().run(SLOT, Trigger.SCHEDULE));

        assertEquals(RunStatus.FAILED, report.status());
        assertEquals("sink: connection lost", report.error());
        verify(load).fail(report);
    }

    @Test
    void aSinkThatRefusesARecordWhileTheSourceIsReadingFailsTheRunAsASinkFailure() {
        claimGranted();
        when(validator.validate(any())).thenReturn(new Validation.Accepted(TestUsers.user(1)));
        doThrow(new SinkException("COPY failed: connection reset")).when(load).stage(any());
        when(source.fetch(any(), any())).thenAnswer(inv -> {
            Consumer<RawRecord> consumer = inv.getArgument(1);
            try {
                consumer.accept(raw(1));
            } catch (RuntimeException e) {
                // A source may wrap whatever its consumer threw; the pipeline must still blame the sink.
                throw new SourceException("aborted", e);
            }
            return new FetchStats(1, 1, 0, 10);
        });

        RunReport report = executed(pipeline().build().run(SLOT, Trigger.SCHEDULE));

        assertEquals(RunStatus.FAILED, report.status());
        assertEquals("sink: COPY failed: connection reset", report.error());
        verify(load, never()).commit(any());
        verify(load).fail(report);
    }

    @Test
    void aFailureThatCannotBeRecordedStillComesBackAsAFailedReport() {
        claimGranted();
        when(source.fetch(any(), any())).thenThrow(new SourceException("HTTP 500"));
        doThrow(new SinkException("database down")).when(load).fail(any());

        RunReport report = executed(pipeline().build().run(SLOT, Trigger.SCHEDULE));

        assertEquals(RunStatus.FAILED, report.status());
        assertEquals("source: HTTP 500", report.error());
    }

    @Test
    void aClaimThatFailsFailsTheRunWithoutFetching() {
        when(sink.claim(any())).thenThrow(new SinkException("database unreachable at 127.0.0.1:5432/etl"));

        RunReport report = executed(pipeline().build().run(SLOT, Trigger.SCHEDULE));

        assertEquals(RunStatus.FAILED, report.status());
        assertTrue(report.error().startsWith("sink: could not claim the slot"));
        verify(source, never()).fetch(any(), any());
    }

    @Test
    void aBadRecordNeverFailsTheRunAndIsKeptWithEveryReason() {
        claimGranted();
        sourceDelivers(raw(1), raw(2));
        when(validator.validate(raw(1))).thenReturn(new Validation.Accepted(TestUsers.user(1)));
        when(validator.validate(raw(2))).thenReturn(rejected(raw(2)));
        loadCommitsWith(new LoadCounts(1, 0, 0, 1));

        RunReport report = executed(pipeline().build().run(SLOT, Trigger.SCHEDULE));

        assertEquals(RunStatus.SUCCEEDED, report.status());
        assertEquals(1, report.rejected());
        assertEquals(List.of(rejected(raw(2))), quarantined());
        assertEquals(2, quarantined().get(0).reasons().size());
    }

    @Test
    void aValidatorThatThrowsTurnsTheRecordIntoARejectionInsteadOfFailingTheRun() {
        claimGranted();
        sourceDelivers(raw(1));
        when(validator.validate(raw(1))).thenThrow(new IllegalStateException("schema bug"));
        loadCommitsWith(new LoadCounts(0, 0, 0, 1));

        RunReport report = executed(pipeline().build().run(SLOT, Trigger.SCHEDULE));

        assertEquals(RunStatus.SUCCEEDED, report.status());
        Validation.Rejected kept = quarantined().get(0);
        assertEquals(raw(1), kept.record());
        assertEquals("validator failed: schema bug", kept.reasons().get(0).message());
    }

    @Test
    void aSecondRecordWithTheSameUuidInOneBatchIsRejectedNotLoadedTwice() {
        claimGranted();
        sourceDelivers(raw(1), raw(2));
        when(validator.validate(any())).thenReturn(new Validation.Accepted(TestUsers.user(7)));
        loadCommitsWith(new LoadCounts(1, 0, 0, 1));

        pipeline().build().run(SLOT, Trigger.SCHEDULE);

        assertEquals(1, staged().size());
        assertEquals("/login/uuid", quarantined().get(0).reasons().get(0).pointer());
        assertEquals(raw(2), quarantined().get(0).record());
    }

    @Test
    void aTrippedQualityGateFailsTheRunLoadsNoUserAndStillKeepsEveryRejection() {
        claimGranted();
        sourceDelivers(raw(1), raw(2), raw(3));
        when(validator.validate(raw(1))).thenReturn(new Validation.Accepted(TestUsers.user(1)));
        when(validator.validate(raw(2))).thenReturn(rejected(raw(2)));
        when(validator.validate(raw(3))).thenReturn(rejected(raw(3)));
        loadCommitsRejectionsOnlyWith(new LoadCounts(0, 0, 0, 2));

        RunReport report = executed(pipeline().qualityGate(new QualityGate(0.5)).build().run(SLOT, Trigger.SCHEDULE));

        assertEquals(RunStatus.FAILED, report.status());
        assertTrue(report.error().startsWith("quality gate: 2 of 3 records rejected"), report.error());
        verify(load, never()).commit(any());
        assertEquals(2, quarantined().size());
    }

    @Test
    void aQualityGateThatHoldsLetsTheBatchThrough() {
        claimGranted();
        sourceDelivers(raw(1), raw(2));
        when(validator.validate(raw(1))).thenReturn(new Validation.Accepted(TestUsers.user(1)));
        when(validator.validate(raw(2))).thenReturn(rejected(raw(2)));
        loadCommitsWith(new LoadCounts(1, 0, 0, 1));

        RunReport report = executed(pipeline().qualityGate(new QualityGate(0.5)).build().run(SLOT, Trigger.SCHEDULE));

        assertEquals(RunStatus.SUCCEEDED, report.status());
    }

    @Test
    void listenersSeeStartAndFinishAndAThrowingListenerChangesNothing() {
        claimGranted();
        sourceDelivers();
        loadCommitsWith(LoadCounts.NONE);
        RunListener listener = mock(RunListener.class);
        RunListener broken = mock(RunListener.class);
        doThrow(new IllegalStateException("metrics down")).when(broken).runFinished(any());

        RunOutcome outcome = pipeline().listener(broken).listener(listener).build().run(SLOT, Trigger.SCHEDULE);

        assertEquals(RunStatus.SUCCEEDED, executed(outcome).status());
        var order = inOrder(listener, sink);
        ArgumentCaptor<RunRequest> started = ArgumentCaptor.forClass(RunRequest.class);
        order.verify(listener).runStarted(started.capture());
        order.verify(sink).claim(any());
        order.verify(listener).runFinished(outcome);
        assertEquals(SLOT, started.getValue().slot());
        assertEquals(Map.of("results", "3"), started.getValue().parameters());
    }

    @Test
    void theDeadlineIsTheEarlierOfTheCallersAndTheRunTimeout() {
        claimGranted();
        sourceDelivers();
        loadCommitsWith(LoadCounts.NONE);
        ArgumentCaptor<FetchRequest> fetch = ArgumentCaptor.forClass(FetchRequest.class);

        pipeline().runTimeout(Duration.ofSeconds(50)).build()
                .run(SLOT, Trigger.LAMBDA, clock.instant().plusSeconds(20));
        pipeline().runTimeout(Duration.ofSeconds(10)).build()
                .run(SLOT, Trigger.LAMBDA, clock.instant().plusSeconds(20));

        verify(source, org.mockito.Mockito.times(2)).fetch(fetch.capture(), any());
        assertEquals(clock.instant().plusSeconds(20), fetch.getAllValues().get(0).deadline());
        assertEquals(clock.instant().plusSeconds(10), fetch.getAllValues().get(1).deadline());
    }

    @Test
    void aRunThatOutlivesItsDeadlineWritesNothing() {
        claimGranted();
        Instant[] now = {Instant.parse("2026-01-01T00:00:01Z")};
        Clock moving = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        doAnswer(inv -> {
            now[0] = now[0].plusSeconds(60);
            return new FetchStats(0, 1, 0, 0);
        }).when(source).fetch(any(), any());

        RunReport report = executed(pipeline().clock(moving).build().run(SLOT, Trigger.SCHEDULE));

        assertEquals(RunStatus.FAILED, report.status());
        assertTrue(report.error().contains("deadline"), report.error());
        verify(load, never()).commit(any());
        verify(load).fail(any());
    }

    @Test
    void listenersHearTheSourcesRetriesWhetherTheFetchSucceededOrNot() {
        claimGranted();
        RunListener listener = mock(RunListener.class);
        when(source.fetch(any(), any())).thenReturn(new FetchStats(0, 1, 2, 10))
                .thenThrow(new SourceException("HTTP 503 after 3 retries", null, 3));
        loadCommitsWith(LoadCounts.NONE);
        EtlPipeline p = pipeline().listener(listener).build();

        p.run(SLOT, Trigger.SCHEDULE);
        p.run(SLOT.next(), Trigger.SCHEDULE);

        ArgumentCaptor<FetchStats> stats = ArgumentCaptor.forClass(FetchStats.class);
        verify(listener, org.mockito.Mockito.times(2)).sourceFetched(any(), stats.capture());
        assertEquals(2, stats.getAllValues().get(0).retries());
        assertEquals(3, stats.getAllValues().get(1).retries());
    }

    /** A copy of {@code TestUsers.user(n)} whose username tells which record it came from. */
    private static io.github.randomuseretl.core.model.User userFrom(int n, int record) {
        var u = TestUsers.user(n);
        return new io.github.randomuseretl.core.model.User(u.uuid(), "from-record-" + record, u.name(), u.gender(), u.email(),
                u.dateOfBirth(), u.registeredAt(), u.phone(), u.cell(), u.location(), u.nationalId(), u.pictures(),
                u.nationality(), null);
    }

    @Test
    void withValidationThreadsOutcomesAreAppliedInArrivalOrderSoTheFirstRecordOfAUuidWins() {
        claimGranted();
        RawRecord[] records = new RawRecord[40];
        for (int i = 0; i < records.length; i++) {
            records[i] = raw(i);
        }
        sourceDelivers(records);
        when(validator.validate(any())).thenAnswer(inv -> {
            RawRecord r = inv.getArgument(0);
            int i = r.origin().index();
            // Later records finish first, so completion order is the reverse of arrival order.
            Thread.sleep(2L * (records.length - i));
            if (i % 7 == 3) {
                throw new IllegalStateException("bug on record " + i);
            }
            return new Validation.Accepted(userFrom(i % 5, i));
        });
        loadCommitsWith(new LoadCounts(5, 0, 0, 35));

        RunReport report = executed(pipeline().validationThreads(4).build().run(SLOT, Trigger.SCHEDULE));

        assertEquals(RunStatus.SUCCEEDED, report.status());
        assertEquals(40, report.fetched());
        assertEquals(List.of("from-record-0", "from-record-1", "from-record-2", "from-record-4", "from-record-8"),
                staged().stream().map(io.github.randomuseretl.core.model.User::username).toList());
        List<Integer> rejectedOrder = quarantined().stream().map(r -> r.record().origin().index()).toList();
        assertEquals(35, rejectedOrder.size());
        assertEquals(rejectedOrder.stream().sorted().toList(), rejectedOrder, "rejections keep arrival order");
        assertEquals("validator failed: bug on record 3", quarantined().get(0).reasons().get(0).message());
    }

    @Test
    void withValidationThreadsASourceFailureStillWritesNothing() {
        claimGranted();
        // Lenient: once the source fails, records still queued are dropped, so on a busy machine the
        // workers may validate none of them.
        org.mockito.Mockito.lenient().when(validator.validate(any())).thenReturn(new Validation.Accepted(TestUsers.user(1)));
        when(source.fetch(any(), any())).thenAnswer(inv -> {
            Consumer<RawRecord> consumer = inv.getArgument(1);
            for (int i = 0; i < 100; i++) {
                consumer.accept(raw(i));
            }
            throw new SourceException("connection reset after 100 records");
        });

        RunReport report = executed(pipeline().validationThreads(3).build().run(SLOT, Trigger.SCHEDULE));

        assertEquals(RunStatus.FAILED, report.status());
        assertEquals(100, report.fetched());
        verify(load, never()).commit(any());
        verify(load).fail(report);
    }

    @Test
    void validationThreadsAreCheckedWhenThePipelineIsBuilt() {
        EtlPipeline.Builder b = pipeline();
        assertEquals("validation threads must be from 1 to 64, got 0",
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> b.validationThreads(0)).getMessage());
    }
}

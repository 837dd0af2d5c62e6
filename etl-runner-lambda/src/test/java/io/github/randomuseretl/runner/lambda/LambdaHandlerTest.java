package io.github.randomuseretl.runner.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.catchup.CatchUp;
import io.github.randomuseretl.core.catchup.CatchUpPlanner;
import io.github.randomuseretl.core.catchup.CatchUpSettings;
import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.pipeline.EtlPipeline;
import io.github.randomuseretl.core.port.FetchRequest;
import io.github.randomuseretl.core.port.FetchStats;
import io.github.randomuseretl.core.port.SourceException;
import io.github.randomuseretl.core.port.UserSource;
import io.github.randomuseretl.core.run.RunRequest;
import io.github.randomuseretl.core.run.RunStatus;
import io.github.randomuseretl.core.run.SourceBudget;
import io.github.randomuseretl.core.run.Trigger;
import io.github.randomuseretl.core.testing.InMemoryUserSink;
import io.github.randomuseretl.core.testing.MutableClock;
import io.github.randomuseretl.core.testing.TestUsers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LambdaHandlerTest {

    /** Long after the ticks below: a handler that used the arrival time would pick another slot. */
    private static final Instant NOW = Instant.parse("2026-03-14T09:31:17Z");
    private static final int REMAINING_MILLIS = 60_000;

    private final RecordingSource source = new RecordingSource(3);
    private final InMemoryUserSink sink = new InMemoryUserSink();
    private final LambdaHandler handler = handler(source, sink);

    @Test
    void runsTheAwsSampleScheduledEventForTheMinuteOfItsTime() throws IOException {
        JsonNode report = invoke(handler, resource("events/scheduled-event.json"));

        Slot slot = Slot.parse("2015-10-08T16:53Z");
        assertEquals("2015-10-08T16:53Z", report.get("slot").asString());
        assertEquals("succeeded", report.get("status").asString());
        assertEquals("lambda", report.get("trigger").asString());
        assertEquals(3, report.get("fetched").asInt());
        assertEquals(3, report.get("inserted").asInt());
        assertEquals(List.of(slot), source.slots());
        assertEquals(3, sink.users().size());
        assertEquals(RunStatus.SUCCEEDED, sink.runsFor(slot).get(0).status());
        assertEquals(Trigger.LAMBDA, sink.runsFor(slot).get(0).trigger());
    }

    @Test
    void runsASchedulerPayloadForTheMinuteOfItsScheduledTimeNotItsArrival() throws IOException {
        JsonNode report = invoke(handler, resource("events/scheduler-event.json"));

        assertEquals("2026-03-14T09:27Z", report.get("slot").asString());
        assertEquals("succeeded", report.get("status").asString());
        assertEquals(List.of(Slot.parse("2026-03-14T09:27Z")), source.slots());
    }

    @Test
    void answersASecondDeliveryOfATickWithTheFirstReportAndFetchesNothing() throws IOException {
        byte[] event = resource("events/scheduled-event.json");

        JsonNode first = invoke(handler, event);
        JsonNode second = invoke(handler, event);

        assertEquals(first.get("runId"), second.get("runId"));
        assertEquals(first, second);
        assertEquals(1, source.slots().size(), "the duplicate delivery must not fetch");
        assertEquals(1, sink.runsFor(Slot.parse("2015-10-08T16:53Z")).size());
    }

    @Test
    void differentTicksEachGetTheirOwnRun() throws IOException {
        invoke(handler, scheduler("2026-03-14T09:27:00Z"));
        invoke(handler, scheduler("2026-03-14T09:28:00Z"));

        assertEquals(List.of(Slot.parse("2026-03-14T09:27Z"), Slot.parse("2026-03-14T09:28Z")), source.slots());
    }

    @Test
    void stopsFetchingTheSafetyMarginBeforeTheInvocationRunsOutOfTime() throws IOException {
        invoke(handler, scheduler("2026-03-14T09:27:00Z"), 8_000);

        assertEquals(List.of(NOW.plusSeconds(3)), source.deadlines(), "8 s remaining less the 5 s margin");
    }

    @Test
    void failsTheInvocationWithTheCauseWhenTheRunFailsAndWritesNoUser() {
        LambdaHandler failing = handler(new FailingSource("randomuser.me answered HTTP 503 three times"), sink);

        RunFailedException e = assertThrows(RunFailedException.class,
                () -> invoke(failing, scheduler("2026-03-14T09:27:00Z")));

        assertTrue(e.getMessage().contains("slot 2026-03-14T09:27Z"), e.getMessage());
        assertTrue(e.getMessage().contains("failed: source: randomuser.me answered HTTP 503 three times"), e.getMessage());
        assertTrue(sink.users().isEmpty());
        assertEquals(RunStatus.FAILED, sink.runsFor(Slot.parse("2026-03-14T09:27Z")).get(0).status());
    }

    @Test
    void aRetryAfterAFailedRunRunsTheSlotAgain() throws IOException {
        byte[] event = scheduler("2026-03-14T09:27:00Z");
        assertThrows(RunFailedException.class, () -> invoke(handler(new FailingSource("timeout"), sink), event));

        JsonNode report = invoke(handler, event);

        assertEquals("succeeded", report.get("status").asString());
        assertEquals(2, report.get("attempt").asInt());
        assertEquals(3, sink.users().size());
    }

    @Test
    void failsTheInvocationWhileAnotherInvocationHoldsTheSlotSoLambdaRetriesLater() {
        Slot slot = Slot.parse("2026-03-14T09:27Z");
        sink.claim(new RunRequest("randomuser", slot, Trigger.LAMBDA, Map.of(), NOW, NOW.plusSeconds(50)));

        RunFailedException e = assertThrows(RunFailedException.class, () -> invoke(handler, scheduler("2026-03-14T09:27:00Z")));

        assertTrue(e.getMessage().contains("is being run by another invocation"), e.getMessage());
        assertTrue(source.slots().isEmpty());
    }

    @Test
    void afterItsOwnTickItCatchesUpTheSlotsMissedSinceThePipelinesFirstRun() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-14T09:27:01Z"));
        RecordingSource counted = new RecordingSource(3);
        LambdaHandler h = handler(counted, sink, clock, null);
        invoke(h, scheduler("2026-03-14T09:27:00Z"));
        clock.set(Instant.parse("2026-03-14T09:31:01Z"));   // the ticks of 09:28 to 09:30 never came

        JsonNode report = invoke(h, scheduler("2026-03-14T09:31:00Z"));

        assertEquals("succeeded", report.get("status").asString());
        assertEquals(List.of(Slot.parse("2026-03-14T09:27Z"), Slot.parse("2026-03-14T09:31Z"), Slot.parse("2026-03-14T09:28Z"),
                Slot.parse("2026-03-14T09:29Z"), Slot.parse("2026-03-14T09:30Z")), counted.slots(), "its own slot, then oldest first");
        for (String minute : List.of("09:28", "09:29", "09:30")) {
            assertEquals(Trigger.CATCH_UP, sink.runsFor(Slot.parse("2026-03-14T" + minute + "Z")).get(0).trigger());
        }
    }

    @Test
    void aRunTheBudgetDefersAnswersWithTheDeferralInsteadOfFailingSoLambdaDoesNotRetryInVain() throws IOException {
        RecordingSource big = new RecordingSource(3) {
            @Override
            public long requestedUsers() {
                return 500;
            }
        };
        LambdaHandler h = handler(big, sink, Clock.fixed(NOW, ZoneOffset.UTC), new SourceBudget(400, Duration.ofMinutes(5)));

        JsonNode report = invoke(h, scheduler("2026-03-14T09:27:00Z"));

        assertEquals("deferred", report.get("status").asString());
        assertEquals("2026-03-14T09:27Z", report.get("slot").asString());
        assertTrue(report.get("reason").asString().startsWith("source budget 400/5m"), report.toString());
        assertTrue(big.slots().isEmpty(), "nothing was fetched");
    }

    @Test
    void rejectsAnEventOfAnotherDetailTypeNamingTheShapesItAccepts() {
        String event = "{\"detail-type\":\"EC2 Instance State-change Notification\",\"source\":\"aws.ec2\","
                + "\"time\":\"2026-03-14T09:27:00Z\",\"detail\":{}}";

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> invoke(handler, bytes(event)));

        assertTrue(e.getMessage().startsWith("detail-type must be \"Scheduled Event\", got \"EC2 Instance State-change Notification\""),
                e.getMessage());
        assertTrue(e.getMessage().contains("<aws.scheduler.scheduled-time>"), e.getMessage());
        assertTrue(source.slots().isEmpty());
    }

    @Test
    void rejectsASchedulerInputWhosePlaceholderWasNotFilledIn() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> invoke(handler, bytes("{\"scheduledTime\":\"<aws.scheduler.scheduled-time>\"}")));

        assertTrue(e.getMessage().startsWith("scheduledTime is the unreplaced placeholder"), e.getMessage());
    }

    @Test
    void rejectsEventsWithoutAUsableScheduledTime() {
        assertEquals("scheduledTime must be an ISO-8601 time such as 2026-01-01T00:01:00Z, got \"yesterday\"",
                assertThrows(InvalidEventException.class,
                        () -> invoke(handler, bytes("{\"scheduledTime\":\"yesterday\"}"))).getMessage());
        assertEquals("time must be an ISO-8601 time such as 2026-01-01T00:01:00Z, got nothing",
                assertThrows(InvalidEventException.class,
                        () -> invoke(handler, bytes("{\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\"}"))).getMessage());
        assertTrue(assertThrows(InvalidEventException.class, () -> invoke(handler, bytes("{}")))
                .getMessage().startsWith("event has neither \"scheduledTime\" nor \"detail-type\""));
        assertTrue(assertThrows(InvalidEventException.class, () -> invoke(handler, bytes("[1,2]")))
                .getMessage().startsWith("event must be a JSON object"));
        assertTrue(assertThrows(InvalidEventException.class, () -> invoke(handler, bytes("{\"scheduledTime\":")))
                .getMessage().startsWith("event is not JSON"));
        assertTrue(source.slots().isEmpty());
    }

    @Test
    void refusesAnEventLargerThanLambdasAsyncPayloadLimitWithoutReadingItAll() {
        byte[] huge = new byte[TickEventParser.MAX_EVENT_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) ' ');

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> invoke(handler, huge));

        assertTrue(e.getMessage().startsWith("event is larger than 256 KiB"), e.getMessage());
    }

    // ---------------------------------------------------------------------------------------------

    private static LambdaHandler handler(UserSource source, InMemoryUserSink sink) {
        return handler(source, sink, Clock.fixed(NOW, ZoneOffset.UTC), null);
    }

    private static LambdaHandler handler(UserSource source, InMemoryUserSink sink, Clock clock, SourceBudget budget) {
        EtlPipeline pipeline = EtlPipeline.builder()
                .source(source)
                .validator(record -> new Validation.Accepted(TestUsers.user(record.origin().index())))
                .sink(sink)
                .clock(clock)
                .sourceBudget(budget)
                .build();
        CatchUp catchUp = new CatchUp(pipeline, new CatchUpPlanner(sink, pipeline.name(), CatchUpSettings.DEFAULTS), clock);
        return new LambdaHandler(catchUp, clock, Duration.ofSeconds(5));
    }

    static JsonNode invoke(LambdaHandler handler, byte[] event) throws IOException {
        return invoke(handler, event, REMAINING_MILLIS);
    }

    static JsonNode invoke(LambdaHandler handler, byte[] event, int remainingMillis) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, new FakeContext(remainingMillis));
        return JsonMapper.builder().build().readTree(out.toByteArray());
    }

    static byte[] scheduler(String scheduledTime) {
        return bytes("{\"scheduledTime\":\"" + scheduledTime + "\",\"executionId\":\"e-1\"}");
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] resource(String name) {
        try (InputStream in = LambdaHandlerTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + name + " not found");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Delivers {@code count} records per fetch and remembers each fetch's slot and deadline. */
    private static class RecordingSource implements UserSource {
        private final int count;
        private final List<FetchRequest> requests = new ArrayList<>();

        RecordingSource(int count) {
            this.count = count;
        }

        @Override
        public synchronized FetchStats fetch(FetchRequest request, Consumer<RawRecord> records) {
            requests.add(request);
            for (int i = 0; i < count; i++) {
                records.accept(TestUsers.raw(i, "{}"));
            }
            return new FetchStats(count, 1, 0, 2L * count);
        }

        @Override
        public Map<String, String> parameters(FetchRequest request) {
            return Map.of("results", Integer.toString(count));
        }

        synchronized List<Slot> slots() {
            return requests.stream().map(FetchRequest::slot).toList();
        }

        synchronized List<Instant> deadlines() {
            return requests.stream().map(FetchRequest::deadline).toList();
        }
    }

    /** A source whose fetch always fails, as a source that gave up does. */
    private record FailingSource(String message) implements UserSource {
        @Override
        public FetchStats fetch(FetchRequest request, Consumer<RawRecord> records) {
            throw new SourceException(message);
        }

        @Override
        public Map<String, String> parameters(FetchRequest request) {
            return Map.of();
        }
    }
}

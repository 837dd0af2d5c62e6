package io.github.randomuseretl.runner.lambda;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the tick out of an invocation's event JSON. Two shapes are accepted:
 *
 * <ul>
 *   <li>an EventBridge rule's Scheduled Event, the envelope AWS documents
 *       ({@code "detail-type": "Scheduled Event"}, {@code "source": "aws.events"}, {@code "time"});</li>
 *   <li>an EventBridge Scheduler invocation whose input template is
 *       {@code {"scheduledTime": "<aws.scheduler.scheduled-time>", "executionId": "<aws.scheduler.execution-id>"}}
 *       ({@code executionId} optional).</li>
 * </ul>
 *
 * <p>The arrival time is never used: a retried delivery must map to the slot it was scheduled for.
 * Thread-safe.
 */
final class TickEventParser {

    /** Lambda's asynchronous payload limit; anything larger is not an event of ours. */
    static final int MAX_EVENT_BYTES = 256 * 1024;

    static final String SCHEDULED_EVENT = "Scheduled Event";

    private static final String SHAPES = "an EventBridge \"Scheduled Event\" ({\"detail-type\": \"Scheduled Event\", "
            + "\"source\": \"aws.events\", \"time\": \"2015-10-08T16:53:00Z\", ...}) or an EventBridge Scheduler input "
            + "{\"scheduledTime\": \"<aws.scheduler.scheduled-time>\"}";

    private final JsonMapper mapper;

    TickEventParser(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @param event the invocation's payload
     * @return the tick
     * @throws InvalidEventException naming what is wrong
     * @throws IOException if the payload cannot be read
     */
    ScheduledTick parse(InputStream event) throws IOException {
        byte[] bytes = readCapped(event);
        JsonNode root;
        try {
            root = mapper.readTree(bytes);
        } catch (JacksonException e) {
            throw new InvalidEventException("event is not JSON (" + e.getOriginalMessage() + "); expected " + SHAPES);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidEventException("event must be a JSON object; expected " + SHAPES);
        }
        if (root.has("scheduledTime")) {
            return new ScheduledTick(ScheduledTick.Origin.EVENTBRIDGE_SCHEDULER,
                    instant(root, "scheduledTime"), text(root, "executionId"));
        }
        if (root.has("detail-type")) {
            String detailType = text(root, "detail-type");
            if (!SCHEDULED_EVENT.equals(detailType)) {
                throw new InvalidEventException("detail-type must be \"" + SCHEDULED_EVENT + "\", got \""
                        + abbreviate(detailType) + "\"; expected " + SHAPES);
            }
            String source = text(root, "source");
            if (!"aws.events".equals(source)) {
                throw new InvalidEventException("source of a Scheduled Event must be \"aws.events\", got \""
                        + abbreviate(source) + '"');
            }
            return new ScheduledTick(ScheduledTick.Origin.EVENTBRIDGE_RULE, instant(root, "time"), text(root, "id"));
        }
        throw new InvalidEventException("event has neither \"scheduledTime\" nor \"detail-type\"; expected " + SHAPES);
    }

    private static Instant instant(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isString()) {
            throw new InvalidEventException(field + " must be an ISO-8601 time such as 2026-01-01T00:01:00Z, got "
                    + (node == null ? "nothing" : abbreviate(node.toString())));
        }
        String text = node.stringValue();
        if (text.startsWith("<aws.scheduler.")) {
            throw new InvalidEventException(field + " is the unreplaced placeholder " + abbreviate(text)
                    + ": the schedule's input must be sent by EventBridge Scheduler, which fills it in");
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(field + " must be an ISO-8601 time such as 2026-01-01T00:01:00Z, got \""
                    + abbreviate(text) + '"');
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? "" : node.asString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    private static byte[] readCapped(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
            if (out.size() + n > MAX_EVENT_BYTES) {
                throw new InvalidEventException("event is larger than " + MAX_EVENT_BYTES / 1024 + " KiB; expected " + SHAPES);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}

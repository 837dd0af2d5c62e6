package io.github.randomuseretl.runner.lambda;

import io.github.randomuseretl.core.run.RunOutcome;
import io.github.randomuseretl.core.run.RunReport;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The invocation's response: a run report as a flat JSON object with stable field names, so a caller
 * of {@code aws lambda invoke} or a destination reads it without knowing the Java types. Thread-safe.
 */
final class ReportJson {

    private final JsonMapper mapper;

    ReportJson(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @param report the run's report
     * @return its JSON, UTF-8
     */
    byte[] write(RunReport report) {
        ObjectNode json = mapper.createObjectNode();
        json.put("runId", report.runId().toString());
        json.put("pipeline", report.pipeline());
        json.put("slot", report.slot().toString());
        json.put("trigger", report.trigger().text());
        json.put("attempt", report.attempt());
        json.put("status", report.status().text());
        json.put("fetched", report.fetched());
        json.put("inserted", report.inserted());
        json.put("updated", report.updated());
        json.put("unchanged", report.unchanged());
        json.put("rejected", report.rejected());
        ObjectNode millis = json.putObject("durationsMs");
        millis.put("fetch", report.durations().fetch().toMillis());
        millis.put("validate", report.durations().validate().toMillis());
        millis.put("load", report.durations().load().toMillis());
        millis.put("total", report.durations().total().toMillis());
        json.put("startedAt", report.startedAt().toString());
        json.put("finishedAt", report.finishedAt().toString());
        if (report.error() != null) {
            json.put("error", report.error());
        }
        return mapper.writeValueAsBytes(json);
    }

    /**
     * @param deferred a run the source's budget deferred
     * @return its JSON, UTF-8: slot, {@code status: deferred}, until and reason
     */
    byte[] write(RunOutcome.Deferred deferred) {
        ObjectNode json = mapper.createObjectNode();
        json.put("slot", deferred.slot().toString());
        json.put("status", "deferred");
        json.put("until", deferred.until().toString());
        json.put("reason", deferred.reason());
        return mapper.writeValueAsBytes(json);
    }
}

package io.github.randomuseretl.runner.scheduler.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.run.LoadCounts;
import io.github.randomuseretl.core.run.RunOutcome;
import io.github.randomuseretl.core.run.RunProvenance;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunStatus;
import io.github.randomuseretl.core.run.StageDurations;
import io.github.randomuseretl.core.run.Trigger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** etl_unknown_fields_total{path} counts records per unknown pointer, with a bounded number of paths. */
class UnknownFieldsMetricTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RunMetrics metrics = new RunMetrics(registry);

    private static RunOutcome run(Map<String, Long> unknown) {
        Instant at = Instant.parse("2026-01-01T00:00:01Z");
        return new RunOutcome.Executed(new RunReport(UUID.randomUUID(), "randomuser", Slot.parse("2026-01-01T00:00Z"), Trigger.MANUAL, 1,
                RunStatus.SUCCEEDED, 5, new LoadCounts(5, 0, 0, 0), StageDurations.ZERO, at, at, null,
                new RunProvenance(List.of(), unknown, Map.of())));
    }

    private double count(String path) {
        var c = registry.find("etl.unknown.fields").tag("path", path).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void eachRunAddsItsRecordsPerPointer() {
        metrics.runFinished(run(Map.of("/location/plus_code", 3L)));
        metrics.runFinished(run(Map.of("/location/plus_code", 2L, "/pronouns", 1L)));

        assertEquals(5, count("/location/plus_code"));
        assertEquals(1, count("/pronouns"));
    }

    @Test
    void pathsBeyondTheCapAreCountedUnderOther() {
        Map<String, Long> many = new HashMap<>();
        for (int i = 0; i < RunMetrics.MAX_DRIFT_PATHS + 10; i++) {
            many.put("/k" + i, 1L);
        }
        metrics.runFinished(run(many));

        assertEquals(RunMetrics.MAX_DRIFT_PATHS + 1, registry.find("etl.unknown.fields").counters().size());
        assertEquals(10, count("(other)"));
    }
}

package io.github.randomuseretl.runner.scheduler.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.RejectionReason;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.pipeline.EtlPipeline;
import io.github.randomuseretl.core.port.FetchRequest;
import io.github.randomuseretl.core.port.FetchStats;
import io.github.randomuseretl.core.port.SourceException;
import io.github.randomuseretl.core.port.UserSource;
import io.github.randomuseretl.core.port.UserValidator;
import io.github.randomuseretl.core.run.RunOutcome;
import io.github.randomuseretl.core.run.RunStatus;
import io.github.randomuseretl.core.run.Trigger;
import io.github.randomuseretl.core.testing.InMemoryUserSink;
import io.github.randomuseretl.core.testing.Outcomes;
import io.github.randomuseretl.core.testing.TestUsers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RunMetricsTest {

    private static final Slot SLOT = Slot.parse("2026-01-01T00:00Z");

    /** Accepts "ok-N" as TestUsers.user(N) and rejects anything else. */
    private static final UserValidator VALIDATOR = record -> record.payload().startsWith("ok-")
            ? new Validation.Accepted(TestUsers.user(Integer.parseInt(record.payload().substring(3))))
            : new Validation.Rejected(record, List.of(new RejectionReason("/login/uuid", "missing")));

    /** Delivers the given payloads; fails (after two retries) while {@code down}. */
    private static final class ScriptedSource implements UserSource {
        final AtomicBoolean down = new AtomicBoolean();
        private final List<String> payloads;

        ScriptedSource(String... payloads) {
            this.payloads = List.of(payloads);
        }

        @Override
        public FetchStats fetch(FetchRequest request, Consumer<RawRecord> records) {
            if (down.get()) {
                throw new SourceException("HTTP 503 after 2 retries", null, 2);
            }
            for (int i = 0; i < payloads.size(); i++) {
                records.accept(TestUsers.raw(i, payloads.get(i)));
            }
            return new FetchStats(payloads.size(), 1, 1, 100);
        }

        @Override
        public Map<String, String> parameters(FetchRequest request) {
            return Map.of();
        }
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RunMetrics metrics = new RunMetrics(registry);

    private EtlPipeline pipeline(UserSource source, InMemoryUserSink sink) {
        return EtlPipeline.builder().source(source).validator(VALIDATOR).sink(sink).clock(Clock.systemUTC()).listener(metrics).build();
    }

    private double sample(String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(registry.scrape());
        assertTrue(m.find(), () -> series + " not in\n" + registry.scrape());
        return Double.parseDouble(m.group(1));
    }

    @Test
    void countsRunsByStatusAndUsersByOutcomeInPrometheusFormat() {
        InMemoryUserSink sink = new InMemoryUserSink();
        EtlPipeline p = pipeline(new ScriptedSource("ok-1", "ok-2", "ok-3", "bad"), sink);

        assertEquals(RunStatus.SUCCEEDED, Outcomes.executed(p.run(SLOT, Trigger.SCHEDULE)).status());
        assertInstanceOf(RunOutcome.AlreadyDone.class, p.run(SLOT, Trigger.SCHEDULE), "the slot is found done");
        assertEquals(RunStatus.SUCCEEDED, Outcomes.executed(p.run(SLOT.next(), Trigger.SCHEDULE)).status());

        assertEquals(2, sample("etl_runs_total{status=\"succeeded\"}"));
        assertEquals(1, sample("etl_runs_total{status=\"already_succeeded\"}"));
        assertEquals(0, sample("etl_runs_total{status=\"failed\"}"));
        assertEquals(3, sample("etl_users_total{outcome=\"inserted\"}"));
        assertEquals(3, sample("etl_users_total{outcome=\"unchanged\"}"));
        assertEquals(2, sample("etl_users_total{outcome=\"rejected\"}"));
        assertEquals(0, sample("etl_users_total{outcome=\"updated\"}"));
        assertEquals(2, sample("etl_run_duration_seconds_count{status=\"succeeded\"}"));
        assertTrue(registry.scrape().contains("etl_run_duration_seconds_bucket{status=\"succeeded\",le="), "a histogram, not a summary");
        assertEquals(2, sample("etl_source_retries_total"));
        assertEquals(0, sample("etl_runs_total{status=\"deferred\"}"));
        metrics.runFinished(new RunOutcome.Deferred(SLOT, SLOT.next().start(), "source budget 10/1m: 10 users asked for"));
        assertEquals(1, sample("etl_runs_total{status=\"deferred\"}"), "a run the budget deferred is counted as such");
    }

    @Test
    void aFailedRunIsCountedWithItsRetriesAndLeavesTheLastSuccessAlone() {
        InMemoryUserSink sink = new InMemoryUserSink();
        ScriptedSource source = new ScriptedSource("ok-1");
        EtlPipeline p = pipeline(source, sink);
        // 0, not NaN, while no success is known: time() - 0 is huge, so the no-success alert fires for a
        // pipeline that never succeeded (a NaN compares false with every threshold).
        assertEquals(0.0, sample("etl_last_success_timestamp_seconds"), "0 before any success is known");

        p.run(SLOT, Trigger.SCHEDULE);
        double firstSuccess = sample("etl_last_success_timestamp_seconds");
        assertEquals(metrics.lastSuccess().orElseThrow().toEpochMilli() / 1000.0, firstSuccess, 0.001);

        source.down.set(true);
        assertEquals(RunStatus.FAILED, Outcomes.executed(p.run(SLOT.next(), Trigger.SCHEDULE)).status());
        assertEquals(1, sample("etl_runs_total{status=\"failed\"}"));
        assertEquals(1, sample("etl_run_duration_seconds_count{status=\"failed\"}"));
        assertEquals(1 + 2, sample("etl_source_retries_total"));
        assertEquals(firstSuccess, sample("etl_last_success_timestamp_seconds"));
    }

    @Test
    void aSuccessSeenInTheLedgerMovesTheLastSuccessOnlyForward() {
        metrics.successSeen(Instant.parse("2026-01-01T00:05:00Z"));
        metrics.successSeen(Instant.parse("2026-01-01T00:01:00Z"));
        assertEquals(Instant.parse("2026-01-01T00:05:00Z"), metrics.lastSuccess().orElseThrow());
        assertEquals(Instant.parse("2026-01-01T00:05:00Z").getEpochSecond(), sample("etl_last_success_timestamp_seconds"), 0.001);
    }

    @Test
    void whenAScrapeSeesARunCountedItAlsoSeesItsDurationUsersAndSuccessTime() {
        // What a scrape would read at the instant etl_runs_total moves: ServeHealthIT once caught a
        // failed run counted whose duration was not recorded yet.
        List<String> seenWhenCounted = new java.util.ArrayList<>();
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry() {
            @Override
            protected io.micrometer.core.instrument.Counter newCounter(io.micrometer.core.instrument.Meter.Id id) {
                io.micrometer.core.instrument.Counter real = super.newCounter(id);
                if (!id.getName().equals("etl.runs")) {
                    return real;
                }
                SimpleMeterRegistry self = this;
                return new io.micrometer.core.instrument.Counter() {
                    @Override
                    public void increment(double amount) {
                        io.micrometer.core.instrument.Timer t = self.find("etl.run.duration").tag("status", id.getTag("status")).timer();
                        io.micrometer.core.instrument.Counter inserted = self.find("etl.users").tag("outcome", "inserted").counter();
                        double success = self.get("etl.last.success.timestamp").gauge().value();
                        seenWhenCounted.add(id.getTag("status") + " durations=" + (t == null ? 0 : t.count()) + " inserted="
                                + (inserted == null ? 0 : (long) inserted.count()) + " success=" + (success > 0));
                        real.increment(amount);
                    }

                    @Override
                    public double count() {
                        return real.count();
                    }

                    @Override
                    public io.micrometer.core.instrument.Meter.Id getId() {
                        return real.getId();
                    }
                };
            }
        };
        RunMetrics counted = new RunMetrics(registry);
        ScriptedSource source = new ScriptedSource("ok-1", "ok-2");
        EtlPipeline p = EtlPipeline.builder().source(source).validator(VALIDATOR).sink(new InMemoryUserSink())
                .clock(Clock.systemUTC()).listener(counted).build();
        source.down.set(true);
        p.run(SLOT, Trigger.SCHEDULE);
        source.down.set(false);
        p.run(SLOT.next(), Trigger.SCHEDULE);

        assertEquals(List.of("failed durations=1 inserted=0 success=false", "succeeded durations=1 inserted=2 success=true"), seenWhenCounted);
    }
}

package io.github.randomuseretl.runner.scheduler.observe;

import io.github.randomuseretl.core.pipeline.RunListener;
import io.github.randomuseretl.core.port.FetchStats;
import io.github.randomuseretl.core.run.RunOutcome;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns runs into Micrometer meters. In Prometheus' text format:
 * <ul>
 *   <li>{@code etl_runs_total{status}}: succeeded, failed (runs this process executed or could not
 *       claim), busy (slot held by another live run), already_succeeded (slot found done), deferred
 *       (the source's budget did not allow the run yet);</li>
 *   <li>{@code etl_users_total{outcome}}: inserted, updated, unchanged, rejected;</li>
 *   <li>{@code etl_run_duration_seconds{status}}: histogram of executed runs' durations;</li>
 *   <li>{@code etl_source_retries_total}: requests the source repeated;</li>
 *   <li>{@code etl_unknown_fields_total{path}}: records carrying a field the contract does not know,
 *       by JSON pointer (schema drift); at most {@link #MAX_DRIFT_PATHS} paths, the rest under
 *       {@code path="(other)"}, so a source inventing keys cannot blow up the series count. Each new
 *       pointer is also logged once per process;</li>
 *   <li>{@code etl_last_success_timestamp_seconds}: when the last successful run of the pipeline
 *       finished; 0 until one is known, so that {@code time() - etl_last_success_timestamp_seconds}
 *       is large, and an alert on it fires, for a pipeline that has never succeeded (NaN would compare
 *       false with everything, and a missing series would need a second, absent() rule).</li>
 * </ul>
 */
public final class RunMetrics implements RunListener {

    /** The status label of a tick that found its slot already loaded. */
    public static final String ALREADY_SUCCEEDED = "already_succeeded";
    /** The status label of a tick that found its slot held by another live run. */
    public static final String BUSY = "busy";
    /** The status label of a run the source's budget deferred. */
    public static final String DEFERRED = "deferred";

    /** The most distinct {@code path} labels of {@code etl_unknown_fields_total}. */
    public static final int MAX_DRIFT_PATHS = 50;
    private static final String OTHER = "(other)";
    private static final Logger LOG = LoggerFactory.getLogger(RunMetrics.class);

    private final MeterRegistry registry;
    private final Counter retries;
    private final Set<String> driftPaths = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Instant> lastSuccess = new AtomicReference<>();

    /**
     * @param registry where the meters live
     */
    public RunMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.retries = Counter.builder("etl.source.retries").description("Requests the source repeated after a transient failure")
                .register(registry);
        // Registered at zero so rate() and alerts see every series from the first scrape.
        for (String status : new String[] {"succeeded", "failed", BUSY, ALREADY_SUCCEEDED, DEFERRED}) {
            runs(status);
        }
        for (String outcome : new String[] {"inserted", "updated", "unchanged", "rejected"}) {
            users(outcome);
        }
        Gauge.builder("etl.last.success.timestamp", lastSuccess, ref -> {
            Instant at = ref.get();
            return at == null ? 0 : at.toEpochMilli() / 1000.0;
        }).baseUnit("seconds").description("When the last successful run finished, Unix time; 0 until one is known").register(registry);
    }

    @Override
    public void sourceFetched(RunRequest request, FetchStats stats) {
        if (stats.retries() > 0) {
            retries.increment(stats.retries());
        }
    }

    @Override
    public void runFinished(RunOutcome outcome) {
        if (outcome instanceof RunOutcome.Executed executed) {
            RunReport report = executed.report();
            users("inserted").increment(report.inserted());
            users("updated").increment(report.updated());
            users("unchanged").increment(report.unchanged());
            users("rejected").increment(report.rejected());
            Timer.builder("etl.run.duration").description("Duration of runs this process executed")
                    .tag("status", report.status().text())
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(10))
                    .maximumExpectedValue(Duration.ofMinutes(5))
                    .register(registry)
                    .record(report.durations().total());
            if (report.succeeded()) {
                successSeen(report.finishedAt());
            }
            report.provenance().unknownFields().forEach(this::unknownField);
            // Counted last: a scraper that sees the run counted also sees its users and duration.
            runs(report.status().text()).increment();
        } else if (outcome instanceof RunOutcome.AlreadyDone done) {
            successSeen(done.earlier().finishedAt());
            runs(ALREADY_SUCCEEDED).increment();
        } else if (outcome instanceof RunOutcome.Deferred) {
            runs(DEFERRED).increment();
        } else {
            runs(BUSY).increment();
        }
    }

    private void unknownField(String path, long records) {
        String label = path;
        if (!driftPaths.contains(path)) {
            synchronized (driftPaths) {
                if (!driftPaths.contains(path)) {
                    if (driftPaths.size() < MAX_DRIFT_PATHS) {
                        driftPaths.add(path);
                        LOG.warn("schema drift: records carry {}, a field the contract does not know (ETL_UNKNOWN_FIELDS decides what it "
                                + "does to them; runs shows the counts)", path);
                    } else {
                        label = OTHER;
                    }
                }
            }
        }
        Counter.builder("etl.unknown.fields").description("Records carrying a field the contract does not know, by JSON pointer")
                .tag("path", label).register(registry).increment(records);
    }

    /**
     * Records a success known from elsewhere (the ledger at start-up); keeps the latest.
     *
     * @param at when a successful run finished
     */
    public void successSeen(Instant at) {
        lastSuccess.accumulateAndGet(at, (a, b) -> a == null || b.isAfter(a) ? b : a);
    }

    /** @return when the last successful run known to this process finished */
    public Optional<Instant> lastSuccess() {
        return Optional.ofNullable(lastSuccess.get());
    }

    private Counter runs(String status) {
        return Counter.builder("etl.runs").description("Runs by how they ended").tag("status", status).register(registry);
    }

    private Counter users(String outcome) {
        return Counter.builder("etl.users").description("Users loaded or records rejected, by outcome").tag("outcome", outcome)
                .register(registry);
    }
}

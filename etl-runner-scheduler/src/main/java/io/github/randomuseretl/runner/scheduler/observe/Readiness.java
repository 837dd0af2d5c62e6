package io.github.randomuseretl.runner.scheduler.observe;

import io.github.randomuseretl.core.catchup.Gap;
import io.github.randomuseretl.logging.Redactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether this process can do its job: the database answers, its schema is migrated, and the pipeline's last successful run
 * (by any replica, from the ledger) is not older than the allowed age. A process that has just started
 * gets that age to produce its first success. The slots inside the catch-up window that have no
 * succeeded run are listed, but do not make it unready: catch-up heals them (a slot that leaves the
 * window unhealed is left to {@code gaps} and {@code backfill}).
 */
public final class Readiness implements AutoCloseable {

    private final LedgerProbe probe;
    private final RunMetrics metrics;
    private final MissingSlots missing;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration timeout;
    private final Instant startedAt;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "readiness-check");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param probe   the database
     * @param metrics where the latest success seen is kept (updated from the ledger here too)
     * @param missing where the missing slots are kept (updated from the ledger here too)
     * @param clock   the clock
     * @param maxAge  the largest allowed age of the last success
     * @param timeout how long a check may take before it counts as failed
     */
    public Readiness(LedgerProbe probe, RunMetrics metrics, MissingSlots missing, Clock clock, Duration maxAge, Duration timeout) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.missing = Objects.requireNonNull(missing, "missing");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.startedAt = clock.instant();
    }

    /**
     * The outcome of one check.
     *
     * @param ready         true if every check passed
     * @param details       check name to what it found, in order
     * @param missingSlots  the slots inside the catch-up window without a succeeded run, oldest first
     */
    public record Result(boolean ready, Map<String, String> details, List<Gap> missingSlots) {

        /** Copies the details and the slots. */
        public Result {
            details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
            missingSlots = List.copyOf(missingSlots);
        }
    }

    /** What the ledger said. */
    private record Ledger(Optional<Instant> lastSuccess, List<Gap> missing) {
    }

    /** @return the outcome; never throws */
    public Result check() {
        Map<String, String> details = new LinkedHashMap<>();
        Ledger fromLedger;
        try {
            within(() -> {
                probe.ping();
                return null;
            });
            details.put("database", "up");
        } catch (RuntimeException e) {
            details.put("database", "down: " + Redactor.credentials(e.getMessage()));
            return new Result(false, details, missing.latest().orElse(List.of()));
        }
        try {
            Optional<String> schema = within(probe::schemaProblem);
            if (schema.isPresent()) {
                details.put("schema", "not migrated: " + Redactor.credentials(schema.get()));
                return new Result(false, details, List.of());
            }
            fromLedger = within(() -> new Ledger(probe.lastSuccessAt(), probe.missingSlots()));
        } catch (RuntimeException e) {
            details.put("database", "down: " + Redactor.credentials(e.getMessage()));
            return new Result(false, details, missing.latest().orElse(List.of()));
        }
        fromLedger.lastSuccess().ifPresent(metrics::successSeen);
        missing.update(fromLedger.missing());
        Optional<Instant> last = metrics.lastSuccess();
        Instant now = clock.instant();
        Duration uptime = Duration.between(startedAt, now);
        boolean starting = uptime.compareTo(maxAge) <= 0;
        boolean fresh;
        if (last.isPresent()) {
            Duration age = Duration.between(last.get(), now);
            fresh = age.compareTo(maxAge) <= 0 || starting;
            details.put("lastSuccess", last.get() + " (" + Math.max(0, age.toSeconds()) + "s ago, at most "
                    + maxAge.toSeconds() + "s allowed" + (starting && !(age.compareTo(maxAge) <= 0) ? "; started " + uptime.toSeconds() + "s ago" : "") + ")");
        } else {
            fresh = starting;
            details.put("lastSuccess", starting ? "none yet (started " + uptime.toSeconds() + "s ago)"
                    : "none in the " + maxAge.toSeconds() + "s since start");
        }
        List<Gap> gaps = fromLedger.missing();
        details.put("missingSlots", gaps.isEmpty() ? "none" : gaps.size() + " slot(s) without a succeeded run, oldest "
                + gaps.get(0).slot() + "; catch-up is healing them");
        return new Result(fresh, details, gaps);
    }

    private <T> T within(java.util.concurrent.Callable<T> call) {
        Future<T> f = executor.submit(call);
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IllegalStateException("no answer within " + timeout.toMillis() + "ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            throw new IllegalStateException(message, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

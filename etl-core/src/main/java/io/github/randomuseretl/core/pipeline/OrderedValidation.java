package io.github.randomuseretl.core.pipeline;

import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.RejectionReason;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.port.UserValidator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Validates the records of one run as they arrive, on the fetching thread or on worker threads, and
 * hands each outcome on in arrival order, so "the first record of a uuid wins" holds whatever order
 * the workers finish in. With workers, a window bounds the records in flight: a fetch that outruns
 * validation waits instead of piling raw records up in memory.
 */
final class OrderedValidation implements AutoCloseable {

    private static final int WINDOW_PER_THREAD = 256;

    private final UserValidator validator;
    private final Clock clock;
    private final BiConsumer<RawRecord, Validation> outcomes;
    private final ExecutorService workers;
    private final Semaphore window;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private Duration validating = Duration.ZERO;
    private Duration waiting = Duration.ZERO;

    private record Pending(RawRecord record, Future<Timed> outcome) {
    }

    private record Timed(Validation validation, Duration took) {
    }

    /**
     * @param validator the validator; must be thread-safe when {@code threads > 1}
     * @param clock     measures validation time
     * @param threads   1 to validate on the calling thread, more for that many workers
     * @param outcomes  receives every record and its outcome, in arrival order, on the calling thread
     */
    OrderedValidation(UserValidator validator, Clock clock, int threads, BiConsumer<RawRecord, Validation> outcomes) {
        this.validator = validator;
        this.clock = clock;
        this.outcomes = outcomes;
        if (threads > 1) {
            AtomicInteger n = new AtomicInteger();
            this.workers = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "etl-validate-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            this.window = new Semaphore(threads * WINDOW_PER_THREAD);
        } else {
            this.workers = null;
            this.window = null;
        }
    }

    /**
     * Validates a record now, or hands it to a worker and passes on whatever finished before it.
     *
     * @param record the next record
     * @throws IllegalStateException if the thread is interrupted while the window is full
     */
    void submit(RawRecord record) {
        Instant start = clock.instant();
        if (workers == null) {
            Timed t = timed(record);
            validating = validating.plus(t.took());
            outcomes.accept(record, t.validation());
        } else {
            try {
                window.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for validation");
            }
            pending.add(new Pending(record, workers.submit(() -> {
                try {
                    return timed(record);
                } finally {
                    window.release();
                }
            })));
            while (!pending.isEmpty() && pending.peek().outcome().isDone()) {
                deliver(pending.poll());
            }
        }
        waiting = waiting.plus(nonNegative(Duration.between(start, clock.instant())));
    }

    /** Waits for every record in flight and passes the outcomes on, in order. */
    void finish() {
        while (!pending.isEmpty()) {
            deliver(pending.poll());
        }
    }

    /** @return validation time summed over records (on several workers it can exceed the wall time) */
    Duration validating() {
        return validating;
    }

    /** @return time the calling thread spent in {@link #submit}: validating inline or waiting for room */
    Duration waiting() {
        return waiting;
    }

    /** Stops the workers; records still in flight are dropped, as the run they belong to failed. */
    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    private void deliver(Pending p) {
        Timed t;
        try {
            t = p.outcome().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for validation");
        } catch (ExecutionException | CancellationException e) {
            // timed() catches what a validator throws, so only an Error gets here: keep the record anyway.
            Throwable cause = e.getCause() == null ? e : e.getCause();
            t = new Timed(failed(p.record(), cause), Duration.ZERO);
        }
        validating = validating.plus(t.took());
        outcomes.accept(p.record(), t.validation());
    }

    private Timed timed(RawRecord record) {
        Instant start = clock.instant();
        Validation outcome;
        try {
            outcome = validator.validate(record);
        } catch (RuntimeException e) {
            // A validator bug must not fail the batch or lose the record.
            outcome = failed(record, e);
        }
        return new Timed(outcome, nonNegative(Duration.between(start, clock.instant())));
    }

    private static Validation failed(RawRecord record, Throwable e) {
        String message = Optional.ofNullable(e.getMessage()).filter(m -> !m.isBlank()).orElse(e.getClass().getSimpleName());
        return new Validation.Rejected(record, List.of(new RejectionReason("", "validator failed: " + message)));
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}

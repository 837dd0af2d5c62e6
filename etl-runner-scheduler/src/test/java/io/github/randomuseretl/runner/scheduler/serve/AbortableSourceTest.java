package io.github.randomuseretl.runner.scheduler.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.port.FetchRequest;
import io.github.randomuseretl.core.port.FetchStats;
import io.github.randomuseretl.core.port.SourceException;
import io.github.randomuseretl.core.port.UserSource;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class AbortableSourceTest {

    private static final FetchRequest REQUEST = new FetchRequest(Slot.parse("2026-01-01T00:00Z"), Instant.parse("2026-01-01T00:00:50Z"));

    /** Blocks until interrupted, as an HTTP request waiting for a slow server does. */
    private static final class SlowSource implements UserSource {
        final CountDownLatch started = new CountDownLatch(1);
        final AtomicInteger fetches = new AtomicInteger();

        @Override
        public FetchStats fetch(FetchRequest request, Consumer<RawRecord> records) {
            fetches.incrementAndGet();
            started.countDown();
            try {
                new CountDownLatch(1).await();
                return new FetchStats(0, 0, 0, 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException("interrupted while requesting page 1", e);
            }
        }

        @Override
        public Map<String, String> parameters(FetchRequest request) {
            return Map.of("k", "v");
        }
    }

    @Test
    void abortCutsAFetchShortAndLeavesTheThreadFreeToRecordTheFailure() throws Exception {
        SlowSource slow = new SlowSource();
        AbortableSource source = new AbortableSource(slow);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean interruptedAfter = new AtomicBoolean(true);
        Thread runner = new Thread(() -> {
            try {
                source.fetch(REQUEST, r -> { });
            } catch (RuntimeException e) {
                thrown.set(e);
            }
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        runner.start();
        assertTrue(slow.started.await(5, TimeUnit.SECONDS));
        source.abort();
        runner.join(5_000);
        assertFalse(runner.isAlive());
        assertTrue(thrown.get() instanceof SourceException, String.valueOf(thrown.get()));
        assertFalse(interruptedAfter.get(), "the ledger write after the fetch must not fail on a stale interrupt");

        SourceException refused = assertThrows(SourceException.class, () -> source.fetch(REQUEST, r -> { }));
        assertTrue(refused.getMessage().contains("stopping"), refused.getMessage());
        assertEquals(1, slow.fetches.get(), "no new fetch once aborted");
        assertEquals(Map.of("k", "v"), source.parameters(REQUEST));
    }

    @Test
    void anInterruptFromElsewhereIsNotSwallowedWhenNothingWasAborted() {
        UserSource quick = new UserSource() {
            @Override
            public FetchStats fetch(FetchRequest request, Consumer<RawRecord> records) {
                return new FetchStats(0, 1, 0, 0);
            }

            @Override
            public Map<String, String> parameters(FetchRequest request) {
                return Map.of();
            }
        };
        AbortableSource source = new AbortableSource(quick);
        Thread.currentThread().interrupt();
        try {
            source.fetch(REQUEST, r -> { });
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }
}

package io.github.randomuseretl.runner.scheduler.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.catchup.Gap;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.run.RunStatus;
import io.github.randomuseretl.core.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ReadinessTest {

    private static final Instant START = Instant.parse("2026-01-01T12:00:00Z");

    private static final class Probe implements LedgerProbe {
        volatile RuntimeException pingFailure;
        volatile Instant lastSuccess;
        volatile CountDownLatch hang;
        volatile String schemaProblem;

        @Override
        public Optional<String> schemaProblem() {
            return Optional.ofNullable(schemaProblem);
        }

        volatile List<Gap> missing = List.of();

        @Override
        public void ping() {
            if (hang != null) {
                try {
                    hang.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (pingFailure != null) {
                throw pingFailure;
            }
        }

        @Override
        public Optional<Instant> lastSuccessAt() {
            return Optional.ofNullable(lastSuccess);
        }

        @Override
        public List<Gap> missingSlots() {
            return missing;
        }
    }

    private final Probe probe = new Probe();
    private final MutableClock clock = new MutableClock(START);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RunMetrics metrics = new RunMetrics(registry);
    private final MissingSlots missing = new MissingSlots(registry);
    private final Readiness readiness = new Readiness(probe, metrics, missing, clock, Duration.ofMinutes(5), Duration.ofMillis(300));

    @Test
    void missingSlotsAreListedAndCountedButCatchUpHealingThemKeepsItReady() {
        assertTrue(Double.isNaN(registry.get("etl.slots.missing").gauge().value()), "unknown until the ledger was read");
        probe.lastSuccess = START;
        probe.missing = List.of(new Gap(Slot.parse("2026-01-01T11:58Z"), 1, RunStatus.FAILED, "source: HTTP 503"),
                new Gap(Slot.parse("2026-01-01T11:59Z"), 0, null, null));

        Readiness.Result r = readiness.check();

        assertTrue(r.ready(), r.toString());
        assertEquals(probe.missing, r.missingSlots());
        assertEquals("2 slot(s) without a succeeded run, oldest 2026-01-01T11:58Z; catch-up is healing them", r.details().get("missingSlots"));
        assertEquals(2.0, registry.get("etl.slots.missing").gauge().value());

        probe.missing = List.of();
        assertEquals("none", readiness.check().details().get("missingSlots"));
        assertEquals(0.0, registry.get("etl.slots.missing").gauge().value());
    }

    @Test
    void aSchemaNotMigratedIsNotReadyAndSaysSoWhateverTheLastSuccess() {
        probe.lastSuccess = START;
        probe.schemaProblem = "schema randomuser in db:5432/x is not migrated: run the migrate command (randomuser-etl migrate) first";
        Readiness.Result r = readiness.check();
        assertFalse(r.ready(), "a starting process is not ready on a schema it cannot use");
        assertEquals("up", r.details().get("database"));
        assertEquals("not migrated: " + probe.schemaProblem, r.details().get("schema"));

        probe.schemaProblem = null;
        assertTrue(readiness.check().ready(), "ready once migrate ran");
        assertFalse(readiness.check().details().containsKey("schema"));
    }

    @Test
    void readyWhileStartingThenOnlyWithARecentSuccess() {
        clock.set(START.plusSeconds(60));
        assertTrue(readiness.check().ready(), "a process gets the allowed age to produce its first success");

        clock.set(START.plusSeconds(301));
        Readiness.Result r = readiness.check();
        assertFalse(r.ready());
        assertTrue(r.details().get("lastSuccess").startsWith("none"), r.details().toString());

        probe.lastSuccess = START.plusSeconds(290);
        assertTrue(readiness.check().ready(), "a success by any replica, read from the ledger, counts");
        assertEquals(START.plusSeconds(290), metrics.lastSuccess().orElseThrow(), "and feeds the last-success gauge");

        clock.set(START.plusSeconds(290 + 301));
        r = readiness.check();
        assertFalse(r.ready());
        assertTrue(r.details().get("lastSuccess").contains("301s ago"), r.details().toString());
    }

    @Test
    void notReadyWhenTheDatabaseIsDownSayingWhyWithoutSecrets() {
        probe.lastSuccess = START;
        probe.pingFailure = new IllegalStateException("cannot connect to jdbc:postgresql://db/etl?password=hunter2: refused");
        Readiness.Result r = readiness.check();
        assertFalse(r.ready());
        assertTrue(r.details().get("database").startsWith("down: cannot connect"), r.details().toString());
        assertFalse(r.details().toString().contains("hunter2"));
    }

    @Test
    void aDatabaseThatDoesNotAnswerCountsAsDownAfterTheTimeout() {
        probe.hang = new CountDownLatch(1);
        try {
            Readiness.Result r = readiness.check();
            assertFalse(r.ready());
            assertTrue(r.details().get("database").contains("no answer within 300ms"), r.details().toString());
        } finally {
            probe.hang.countDown();
            readiness.close();
        }
    }
}

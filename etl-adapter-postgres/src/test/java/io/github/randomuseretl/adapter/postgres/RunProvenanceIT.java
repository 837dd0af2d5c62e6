package io.github.randomuseretl.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.pipeline.EtlPipeline;
import io.github.randomuseretl.core.model.ArchivedObject;
import io.github.randomuseretl.core.run.RunOutcome;
import io.github.randomuseretl.core.run.RunProvenance;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunStatus;
import io.github.randomuseretl.core.run.Trigger;
import io.github.randomuseretl.core.testing.InMemoryRawArchive;
import io.github.randomuseretl.core.testing.ListUserSource;
import io.github.randomuseretl.core.testing.MutableClock;
import io.github.randomuseretl.core.testing.TestDatabase;
import io.github.randomuseretl.core.testing.TestUsers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ledger row lists a run's archived objects and drift counts; a forced rebuild reloads a loaded slot. */
class RunProvenanceIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @RegisterExtension
    final MigratedSchema migrated = new MigratedSchema(DB, "prov");

    private final MutableClock clock = migrated.clock();
    private final InMemoryRawArchive archive = new InMemoryRawArchive();

    private EtlPipeline pipeline(PostgresUserSink sink) {
        return EtlPipeline.builder().source(new ListUserSource(List.of(TestUsers.raw(1, "{\"a\":1}"), TestUsers.raw(2, "{\"a\":2}"))))
                .validator(r -> new Validation.Accepted(TestUsers.user(r.origin().index()))).sink(sink).clock(clock)
                .archive(archive).build();
    }

    @Test
    void theLedgerRowListsTheArchivedObjectsAndDriftCountsOfTheRun() {
        PostgresUserSink sink = new PostgresUserSink(migrated.db(), clock);
        RunReport report = ((RunOutcome.Executed) pipeline(sink).run(Slot.parse("2026-03-01T10:00Z"), Trigger.MANUAL)).report();

        RunReport stored = new PostgresOperations(migrated.db(), clock).latestRuns(1).get(0);

        assertEquals(RunStatus.SUCCEEDED, stored.status());
        assertEquals(2, stored.provenance().archived().size());
        assertEquals(report.provenance(), stored.provenance());
        assertEquals(archive.keys().stream().sorted().toList(),
                stored.provenance().archived().stream().map(ArchivedObject::key).sorted().toList());
    }

    @Test
    void driftCountsRoundTripThroughTheLedgerAndARunWithoutAnyWritesNone() {
        PostgresUserSink sink = new PostgresUserSink(migrated.db(), clock);
        Pg.writeAll(sink, migrated.request("randomuser", "2026-03-01T09:59Z"),
                new io.github.randomuseretl.core.testing.Batch(SampleUsers.users(1, 1), List.of()), clock.instant());
        PostgresOperations ops = new PostgresOperations(migrated.db(), clock);
        assertEquals(RunProvenance.NONE, ops.latestRuns(1).get(0).provenance());

        EtlPipeline drifting = EtlPipeline.builder().source(new ListUserSource(List.of(TestUsers.raw(1, "{}"), TestUsers.raw(2, "{}"))))
                .validator(r -> new Validation.Accepted(TestUsers.user(r.origin().index()), new io.github.randomuseretl.core.model.FieldDrift(
                        List.of("/location/plus_code"), r.origin().index() == 1 ? List.of("/phone") : List.of())))
                .sink(sink).clock(clock).build();
        clock.advance(java.time.Duration.ofMinutes(1));
        drifting.run(Slot.parse("2026-03-01T10:00Z"), Trigger.MANUAL);

        RunProvenance stored = ops.latestRuns(1).get(0).provenance();
        assertEquals(Map.of("/location/plus_code", 2L), stored.unknownFields());
        assertEquals(Map.of("/phone", 1L), stored.missingFields());
        assertEquals(List.of(), stored.archived());
    }

    @Test
    void aForcedRebuildReloadsASlotThatSucceededWhileAPlainRunFindsItDone() {
        PostgresUserSink sink = new PostgresUserSink(migrated.db(), clock);
        EtlPipeline pipeline = pipeline(sink);
        Slot slot = Slot.parse("2026-03-01T10:00Z");
        assertEquals(RunStatus.SUCCEEDED, ((RunOutcome.Executed) pipeline.run(slot, Trigger.MANUAL)).report().status());

        assertInstanceOf(RunOutcome.AlreadyDone.class, pipeline.run(slot, Trigger.REBUILD));
        RunReport reloaded = ((RunOutcome.Executed) pipeline.reload(slot)).report();
        RunReport again = ((RunOutcome.Executed) pipeline.reload(slot)).report();

        assertEquals(RunStatus.SUCCEEDED, reloaded.status());
        assertEquals(Trigger.REBUILD, reloaded.trigger());
        assertEquals(2, reloaded.unchanged(), "the same users, nothing duplicated");
        assertEquals(3, again.attempt());
        int users = migrated.db().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM " + migrated.schema() + ".users")
                .mapTo(Integer.class).one());
        assertEquals(2, users);
        assertTrue(new PostgresOperations(migrated.db(), clock).slots("randomuser", slot.start(), slot.next().start()).get(0).succeeded());
    }

    @Test
    void aForcedRebuildLeavesASlotAloneWhileAnotherRunHoldsIt() {
        PostgresUserSink sink = new PostgresUserSink(migrated.db(), clock);
        EtlPipeline pipeline = pipeline(sink);
        Slot slot = Slot.parse("2026-03-01T10:00Z");
        pipeline.run(slot, Trigger.MANUAL);
        io.github.randomuseretl.core.run.RunRequest holding = new io.github.randomuseretl.core.run.RunRequest("randomuser", slot,
                Trigger.REBUILD, Map.of(), clock.instant(), clock.instant().plusSeconds(50), 0, java.util.Optional.empty(), true);
        io.github.randomuseretl.core.port.SlotClaim.Claimed held = Pg.claimed(sink.claim(holding));
        try {
            RunOutcome outcome = pipeline.reload(slot);

            RunOutcome.Busy busy = assertInstanceOf(RunOutcome.Busy.class, outcome);
            assertEquals(held.runId(), busy.heldBy());
        } finally {
            held.load().close();
        }
    }
}

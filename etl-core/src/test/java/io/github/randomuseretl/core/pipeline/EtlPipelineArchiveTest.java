package io.github.randomuseretl.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.port.ArchiveLayout;
import io.github.randomuseretl.core.model.ArchivedObject;
import io.github.randomuseretl.core.port.FetchRequest;
import io.github.randomuseretl.core.port.FetchStats;
import io.github.randomuseretl.core.port.UserSource;
import io.github.randomuseretl.core.run.RunOutcome;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunStatus;
import io.github.randomuseretl.core.run.Trigger;
import io.github.randomuseretl.core.testing.InMemoryRawArchive;
import io.github.randomuseretl.core.testing.InMemoryUserSink;
import io.github.randomuseretl.core.testing.ListUserSource;
import io.github.randomuseretl.core.testing.TestUsers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EtlPipelineArchiveTest {

    private static final Slot SLOT = Slot.parse("2026-01-01T00:07Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:07:05Z"), ZoneOffset.UTC);

    private final InMemoryUserSink sink = new InMemoryUserSink(CLOCK);
    private final InMemoryRawArchive archive = new InMemoryRawArchive();

    private static final List<RawRecord> RECORDS = List.of(TestUsers.raw(0, "{\"n\":1}"), TestUsers.raw(1, "{\"n\":2}"));

    private EtlPipeline pipeline(UserSource source) {
        return EtlPipeline.builder().source(source).sink(sink).clock(CLOCK).archive(archive)
                .validator(r -> new Validation.Accepted(TestUsers.user(r.origin().index()))).build();
    }

    private static RunReport executed(RunOutcome outcome) {
        return ((RunOutcome.Executed) outcome).report();
    }

    @Test
    void everyPageIsStoredUnderTheHiveLayoutWithAManifestAndTheReportListsTheObjects() {
        RunReport report = executed(pipeline(new ListUserSource(RECORDS)).run(SLOT, Trigger.MANUAL));

        assertEquals(RunStatus.SUCCEEDED, report.status());
        String folder = "randomuser/api=unknown/date=2026-01-01/slot=0007/attempt=1/";
        assertEquals(List.of(folder + "manifest.tsv.gz", folder + "page-1.json.gz"), archive.keys());
        assertEquals("[{\"n\":1},{\"n\":2}]", new String(archive.get(folder + "page-1.json.gz", 1 << 20).orElseThrow(),
                StandardCharsets.UTF_8));
        List<ArchivedObject> listed = report.provenance().archived();
        assertEquals(List.of(folder + "page-1.json.gz", folder + "manifest.tsv.gz"), listed.stream().map(ArchivedObject::key).toList());
        assertEquals(archive.stored(folder + "page-1.json.gz").length, listed.get(0).bytes());
        assertEquals(List.of("page-1.json.gz"), ArchiveLayout.pages(archive.get(folder + "manifest.tsv.gz", 1 << 20).orElseThrow()));
        assertEquals(2, sink.users().size());
    }

    @Test
    void aPageThatCannotBeStoredFailsTheRunAndLoadsNothing() {
        archive.failing(true);

        RunReport report = executed(pipeline(new ListUserSource(RECORDS)).run(SLOT, Trigger.MANUAL));

        assertEquals(RunStatus.FAILED, report.status());
        assertTrue(report.error().startsWith("archive: could not store"), report.error());
        assertTrue(sink.users().isEmpty());
        assertTrue(archive.keys().isEmpty());
    }

    @Test
    void aSourceThatHandsOnNoPageLoadsNothingWhileTheArchiveIsOn() {
        UserSource pageless = new UserSource() {
            @Override
            public FetchStats fetch(FetchRequest request, Consumer<RawRecord> records) {
                RECORDS.forEach(records);
                return new FetchStats(RECORDS.size(), 1, 0, 0);
            }

            @Override
            public Map<String, String> parameters(FetchRequest request) {
                return Map.of("version", "1.4");
            }
        };

        RunReport report = executed(pipeline(pageless).run(SLOT, Trigger.MANUAL));

        assertEquals(RunStatus.FAILED, report.status());
        assertTrue(report.error().contains("no raw page"), report.error());
        assertTrue(sink.users().isEmpty());
        assertFalse(archive.keys().stream().anyMatch(k -> k.endsWith(ArchiveLayout.MANIFEST)));
    }

    @Test
    void eachRecordsDriftIsCountedPerPointerInTheReportWithABoundedNumberOfPointers() {
        List<RawRecord> records = new java.util.ArrayList<>();
        for (int i = 0; i < DriftCounts.MAX_POINTERS + 3; i++) {
            records.add(TestUsers.raw(i, "{}"));
        }
        EtlPipeline p = EtlPipeline.builder().source(new ListUserSource(records)).sink(sink).clock(CLOCK)
                .validator(r -> new Validation.Accepted(TestUsers.user(r.origin().index()), new io.github.randomuseretl.core.model.FieldDrift(
                        List.of("/location/plus_code", "/k" + r.origin().index()), List.of("/phone")))).build();

        RunReport report = executed(p.run(SLOT, Trigger.MANUAL));

        Map<String, Long> unknown = report.provenance().unknownFields();
        assertEquals(DriftCounts.MAX_POINTERS + 3L, unknown.get("/location/plus_code"));
        assertEquals(DriftCounts.MAX_POINTERS + 1, unknown.size(), "the cap, and (other) for the rest");
        assertEquals(4L, unknown.get(DriftCounts.OTHER));
        assertEquals(Map.of("/phone", DriftCounts.MAX_POINTERS + 3L), report.provenance().missingFields());
    }
}

package io.github.randomuseretl.adapter.randomuser;

import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.SEED_PREFIX;
import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.SOURCE_URL;
import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.USERS_PER_RUN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.model.User;
import io.github.randomuseretl.core.pipeline.EtlPipeline;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunStatus;
import io.github.randomuseretl.core.run.Trigger;
import io.github.randomuseretl.core.testing.FakeRandomUserApi;
import io.github.randomuseretl.core.testing.InMemoryUserSink;
import io.github.randomuseretl.core.testing.Outcomes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The adapter inside the core pipeline, against randomuser.me on loopback. */
class RandomUserPipelineIT {

    private static final Slot SLOT = Slot.parse("2026-01-01T00:00Z");

    @Test
    void loadsEveryUserOfTheSlotsPagesAndQuarantinesNothingFromRealData() {
        try (FakeRandomUserApi api = FakeRandomUserApi.start().recordings(RandomUserHttpSourceIT.RECORDINGS)) {
            InMemoryUserSink sink = new InMemoryUserSink();
            RunReport report = Outcomes.report(pipeline(api, 1500, sink).run(SLOT, Trigger.MANUAL));
            assertEquals(RunStatus.SUCCEEDED, report.status(), () -> String.valueOf(report.error()));
            assertEquals(1500, report.fetched());
            assertEquals(1500, report.inserted());
            assertEquals(0, report.rejected());
            assertEquals(1500, sink.users().size());
        }
    }

    @Test
    void loadsNothingFromAResponseCutShortAfterRecordsWereStreamed() {
        try (FakeRandomUserApi api = FakeRandomUserApi.start().recordings(RandomUserHttpSourceIT.RECORDINGS)) {
            api.then(FakeRandomUserApi.page(), FakeRandomUserApi.transformed(b -> Arrays.copyOf(b, b.length / 2)));
            InMemoryUserSink sink = new InMemoryUserSink();
            RunReport report = Outcomes.report(pipeline(api, 1000, sink).run(SLOT, Trigger.MANUAL));
            assertEquals(RunStatus.FAILED, report.status());
            assertTrue(report.error().startsWith("source: truncated JSON after "), report.error());
            assertTrue(report.error().endsWith(" records of page 2"), report.error());
            assertTrue(report.fetched() > 500, "page 1 and part of page 2 were streamed: " + report.fetched());
            assertTrue(sink.users().isEmpty(), "nothing of the broken batch is loaded");
            assertTrue(sink.quarantine().isEmpty());
        }
    }

    @Test
    void quarantinesRedactedRecordsThatBreakTheContractAndLoadsTheRest() {
        try (FakeRandomUserApi api = FakeRandomUserApi.start().recordings(RandomUserHttpSourceIT.RECORDINGS)) {
            api.then(FakeRandomUserApi.transformed(b -> new String(b, StandardCharsets.UTF_8)
                    .replaceFirst("\"email\":\"[^\"]*\"", "\"email\":\"not-an-address\"").getBytes(StandardCharsets.UTF_8)));
            InMemoryUserSink sink = new InMemoryUserSink();
            RunReport report = Outcomes.report(pipeline(api, 500, sink).run(SLOT, Trigger.MANUAL));
            assertEquals(RunStatus.SUCCEEDED, report.status(), () -> String.valueOf(report.error()));
            assertEquals(499, report.inserted());
            assertEquals(1, report.rejected());
            var rejected = sink.quarantine().get(0);
            assertEquals("/email", rejected.reasons().get(0).pointer());
            assertTrue(rejected.record().payload().contains("\"password\":\"[redacted]\""), rejected.record().payload());
            String password = FixtureRecords.JSON.readTree(FixtureRecords.records("v1.4/seed-fixture-results-500-page-1.json").get(0))
                    .at("/login/password").stringValue();
            assertFalse(rejected.record().payload().contains("\"" + password + "\""));
        }
    }

    @Test
    void loadsEveryUserOfAResponseNarrowedByIncWithTheLeftOutPartsNull() {
        try (FakeRandomUserApi api = FakeRandomUserApi.start().recordings(RandomUserHttpSourceIT.RECORDINGS)) {
            InMemoryUserSink sink = new InMemoryUserSink();
            RandomUserSettings settings = RandomUserSettings.from(Settings.of(Map.of(
                    "ETL_SOURCE_URL", api.baseUrl(), "ETL_USERS_PER_RUN", "100", "ETL_SEED_PREFIX", "pipeline",
                    "ETL_SOURCE_INC", "name,email,login,nat")));
            RunReport report = Outcomes.report(pipeline(settings, sink).run(SLOT, Trigger.MANUAL));

            assertEquals("name,email,login,nat", api.requestLog().get(0).query().get("inc"));
            assertEquals(RunStatus.SUCCEEDED, report.status(), () -> String.valueOf(report.error()));
            assertEquals(100, report.fetched());
            assertEquals(100, report.inserted());
            assertEquals(0, report.rejected());
            assertTrue(sink.quarantine().isEmpty());
            Map<UUID, User> users = sink.users();
            assertEquals(100, users.size());
            for (String text : FixtureRecords.records(FixtureRecords.INC_SUBSET)) {
                JsonNode record = FixtureRecords.JSON.readTree(text);
                User u = users.get(UUID.fromString(record.at("/login/uuid").stringValue()));
                assertEquals(record.get("email").stringValue(), u.email());
                assertEquals(record.at("/name/last").stringValue(), u.name().last());
                assertEquals(record.get("nat").stringValue(), u.nationality());
                assertTrue(u.gender() == null && u.dateOfBirth() == null && u.registeredAt() == null && u.phone() == null
                        && u.cell() == null && u.location() == null && u.nationalId() == null && u.pictures() == null, u::toString);
            }
        }
    }

    private static EtlPipeline pipeline(FakeRandomUserApi api, int users, InMemoryUserSink sink) {
        return pipeline(RandomUserSettings.builder().set(SOURCE_URL, URI.create(api.baseUrl())).set(USERS_PER_RUN, users).maxPageSize(500)
                .set(SEED_PREFIX, "pipeline").build(), sink);
    }

    private static EtlPipeline pipeline(RandomUserSettings configured, InMemoryUserSink sink) {
        RandomUserSettings settings = configured.toBuilder().initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(50)).build();
        Clock clock = Clock.systemUTC();
        return EtlPipeline.builder()
                .name("randomuser-it")
                .source(new RandomUserHttpSource(settings, RandomUserHttpSource.newHttpClient(settings), clock,
                        RandomUserHttpSource.Sleeper.SYSTEM, new Random()))
                .validator(JsonSchemaUserValidator.from(settings, clock))
                .sink(sink)
                .clock(clock)
                .runTimeout(Duration.ofSeconds(30))
                .build();
    }
}

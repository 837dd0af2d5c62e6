package io.github.randomuseretl.runner.scheduler.poison;

import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.SEED_PREFIX;
import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.SOURCE_URL;
import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.USERS_PER_RUN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.github.randomuseretl.adapter.postgres.PostgresDatabase;
import io.github.randomuseretl.adapter.postgres.PostgresMigrations;
import io.github.randomuseretl.adapter.postgres.PostgresOperations;
import io.github.randomuseretl.adapter.postgres.PostgresQuarantineReplay;
import io.github.randomuseretl.adapter.postgres.PostgresSettings;
import io.github.randomuseretl.adapter.postgres.PostgresUserSink;
import io.github.randomuseretl.adapter.randomuser.JsonSchemaUserValidator;
import io.github.randomuseretl.adapter.randomuser.RandomUserHttpSource;
import io.github.randomuseretl.adapter.randomuser.RandomUserSettings;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.pipeline.EtlPipeline;
import io.github.randomuseretl.core.port.QuarantinedRecord;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunStatus;
import io.github.randomuseretl.core.run.Trigger;
import io.github.randomuseretl.core.testing.FakeRandomUserApi;
import io.github.randomuseretl.core.testing.MutableClock;
import io.github.randomuseretl.core.testing.Outcomes;
import io.github.randomuseretl.core.testing.PoisonRecords;
import io.github.randomuseretl.core.testing.TestDatabase;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property, end to end through both adapters and real PostgreSQL: a batch of real records served by
 * randomuser.me on loopback, some of them poisoned (mutations of real records), always loads every
 * other user; every rejection is stored, and replaying it judges it alike and loads nothing.
 */
class PoisonBatchFuzzIT {

    private static final int USERS = 20;

    private static TestDatabase db;
    private static FakeRandomUserApi api;
    private static PostgresDatabase pg;
    private static MutableClock clock;
    private static PostgresUserSink sink;
    private static JsonSchemaUserValidator validator;
    private static EtlPipeline pipeline;

    @BeforeContainer
    static void start() throws Exception {
        db = new TestDatabase();
        db.create("PoisonBatchFuzzIT");
        api = FakeRandomUserApi.start();
        Map<String, String> env = new HashMap<>();
        env.put("ETL_DB_URL", db.jdbcUrl());
        env.put("ETL_DB_USER", db.user());
        if (!db.password().isEmpty()) {
            env.put("ETL_DB_PASSWORD", db.password());
        }
        env.put("ETL_DB_SCHEMA", "fuzz");
        pg = PostgresDatabase.pooled(PostgresSettings.from(Settings.of(env)));
        new PostgresMigrations(pg).migrate();
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MINUTES));
        sink = new PostgresUserSink(pg, clock);
        RandomUserSettings source = RandomUserSettings.builder().set(SOURCE_URL, URI.create(api.baseUrl())).set(USERS_PER_RUN, USERS).set(SEED_PREFIX, "fuzz").build();
        validator = JsonSchemaUserValidator.from(source, clock);
        pipeline = EtlPipeline.builder().name("fuzz").clock(clock).validator(validator).sink(sink)
                .source(RandomUserHttpSource.create(source, clock)).build();
    }

    @AfterContainer
    static void stop() throws Exception {
        pg.close();
        api.close();
        db.drop();
    }

    // A fixed seed keeps CI reproducible: with random seeds this property once found a malformed
    // credential value that, redacted, broke the record's JSON at another place than the original did;
    // such a break is now named by the credential's key (randomuser adapter README, "Credentials").
    // Change the seed to explore.
    @Property(tries = 12, seed = "20261201")
    void poisonRecordsNeverFailTheirBatchAndReplayToTheSameVerdict(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int poisoned) {
        clock.advance(Duration.ofMinutes(1));
        Random r = new Random(seed);
        api.records(records -> {
            for (int i = 0; i < poisoned; i++) {
                int at = r.nextInt(records.size());
                records.set(at, PoisonRecords.mutate(records.get(at), r.nextLong(), 1 + r.nextInt(3)));
            }
            return records;
        });
        RunReport report = Outcomes.executed(pipeline.run(Slot.containing(clock.instant()), Trigger.MANUAL));

        assertEquals(RunStatus.SUCCEEDED, report.status(), () -> "a poison record failed its batch: " + report.error());
        assertEquals(USERS, report.fetched());
        assertEquals(USERS, report.inserted() + report.updated() + report.unchanged() + report.rejected(), "every other user loads");
        List<QuarantinedRecord> stored = new PostgresOperations(pg, clock).quarantined(100, report.runId());
        assertEquals(report.rejected(), stored.size(), "every rejection is stored");
        for (QuarantinedRecord q : stored) {
            Validation again = validator.validate(new RawRecord(q.payload(), new RawRecord.Origin("quarantine:" + q.id(), 1, 0)));
            assertEquals(q.reasons(), assertInstanceOf(Validation.Rejected.class, again, q::toString).reasons(), "the same verdict");
        }

        clock.advance(Duration.ofMinutes(1));
        PostgresQuarantineReplay fromQuarantine = new PostgresQuarantineReplay(sink, 1000, report.runId());
        RunReport replay = Outcomes.report(EtlPipeline.builder().name("fuzz-replay").clock(clock).validator(validator)
                .source(fromQuarantine).sink(fromQuarantine).build()
                .run(Slot.containing(clock.instant()), Trigger.REPLAY));
        assertEquals(RunStatus.SUCCEEDED, replay.status(), replay::toString);
        assertEquals(report.rejected(), replay.rejected(), "replay keeps every rejection rejected");
        assertEquals(0, replay.inserted() + replay.updated() + replay.unchanged(), "and loads none of them");
    }
}

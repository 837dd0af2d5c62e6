package io.github.randomuseretl.adapter.randomuser;

import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.API_VERSION;
import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.MAX_BYTES;
import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.MAX_RETRIES;
import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.NATIONALITIES;
import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.REQUEST_TIMEOUT;
import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.SEED_MODE;
import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.SEED_PREFIX;
import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.SOURCE_URL;
import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.USERS_PER_RUN;
import static io.github.randomuseretl.core.testing.FakeRandomUserApi.chunked;
import static io.github.randomuseretl.core.testing.FakeRandomUserApi.delayed;
import static io.github.randomuseretl.core.testing.FakeRandomUserApi.gzipBomb;
import static io.github.randomuseretl.core.testing.FakeRandomUserApi.json;
import static io.github.randomuseretl.core.testing.FakeRandomUserApi.page;
import static io.github.randomuseretl.core.testing.FakeRandomUserApi.stallMidBody;
import static io.github.randomuseretl.core.testing.FakeRandomUserApi.status;
import static io.github.randomuseretl.core.testing.FakeRandomUserApi.transformed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.port.FetchRequest;
import io.github.randomuseretl.core.port.FetchStats;
import io.github.randomuseretl.core.port.SourceException;
import io.github.randomuseretl.core.port.SourceRateLimitedException;
import io.github.randomuseretl.core.testing.FakeRandomUserApi;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP source against randomuser.me on loopback: recorded responses and real faults. */
class RandomUserHttpSourceIT {

    private static final Instant START = Instant.parse("2026-01-01T00:00:05Z");
    private static final Slot SLOT = Slot.parse("2026-01-01T00:00Z");
    private static final String SEED = "t-2026-01-01T00:00Z";

    /** Picks the recording that answers a request, as the real API would for that seed and count. */
    static final Function<FakeRandomUserApi.Request, String> RECORDINGS = r -> {
        String results = r.query().getOrDefault("results", "1");
        if (r.path().startsWith("/api/1.3")) {
            return "v1.3/seed-fixture-results-200.json";
        }
        if (r.query().containsKey("inc")) {
            return FixtureRecords.INC_SUBSET;
        }
        if (r.query().containsKey("lego")) {
            return "v1.4/lego-results-50.json";
        }
        if (r.query().containsKey("nat")) {
            return "v1.4/nat-" + r.query().get("nat") + "-results-50.json";
        }
        switch (results) {
            case "500": return "v1.4/seed-fixture-results-500-page-" + r.query().getOrDefault("page", "1") + ".json";
            case "5000": return "v1.4/seed-bulk-results-5000.json";
            case "100": return "v1.4/noinfo-results-100.json";
            case "20": return "v1.4/password-charset-results-20.json";
            default: return "v1.4/seed-single-results-1.json";
        }
    };

    private FakeRandomUserApi api;
    private TestClock clock;

    @BeforeEach
    void start() {
        api = FakeRandomUserApi.start().recordings(RECORDINGS);
        clock = new TestClock(START);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    // ---- normal fetches ----

    @Test
    void fetchesOnePageWithASeedDerivedFromTheSlotAndHandsOnEachRecord() {
        List<RawRecord> records = new ArrayList<>();
        FetchStats stats = source(b -> b).fetch(request(), records::add);

        assertEquals(1, api.requestLog().size());
        FakeRandomUserApi.Request r = api.requestLog().get(0);
        assertEquals("/api/1.4/", r.path());
        assertEquals(Map.of("results", "1", "seed", SEED, "page", "1"), r.query());
        assertTrue(r.header("Accept-encoding").contains("gzip"));
        assertEquals(1, records.size());
        assertTrue(records.get(0).payload().contains("\"uuid\":\"beea3fbc-58d6-4454-bf7f-ee72b2bb9a66\""));
        assertEquals(new RawRecord.Origin(api.baseUrl() + "/api/1.4/?results=1&seed=t-2026-01-01T00%3A00Z&page=1", 1, 0),
                records.get(0).origin());
        assertEquals(new FetchStats(1, 1, 0, FixtureRecords.text("v1.4/seed-single-results-1.json").getBytes(StandardCharsets.UTF_8).length
                + SEED.length() - "single".length()), stats);
    }

    @Test
    void recordsParametersWithoutSecrets() {
        Map<String, String> p = source(b -> b.set(USERS_PER_RUN, 12_000).set(NATIONALITIES, List.of("GB", "US"))).parameters(request());
        assertEquals(Map.of("base_url", api.baseUrl(), "version", "1.4", "results", "12000", "pages", "3", "page_size", "5000",
                "seed", SEED, "nat", "GB,US"), p);
        assertEquals("random", source(b -> b.set(SEED_MODE, RandomUserSettings.SeedMode.RANDOM)).parameters(request()).get("seed"));
    }

    @Test
    void fetchesSeveralPagesOfOneSeedAndEveryRecordPassesTheContract() {
        List<RawRecord> records = new ArrayList<>();
        FetchStats stats = source(b -> b.set(USERS_PER_RUN, 1500).maxPageSize(500)).fetch(request(), records::add);

        assertEquals(List.of("1", "2", "3"), api.requestLog().stream().map(r -> r.query().get("page")).toList());
        assertTrue(api.requestLog().stream().allMatch(r -> r.query().get("seed").equals(SEED) && r.query().get("results").equals("500")));
        assertEquals(1500, records.size());
        assertEquals(3, stats.pages());
        assertEquals(1500, stats.records());
        JsonSchemaUserValidator validator = new JsonSchemaUserValidator(ApiVersion.V1_4, false);
        Set<Object> uuids = new HashSet<>();
        for (int i = 0; i < records.size(); i++) {
            RawRecord rec = records.get(i);
            assertEquals(i / 500 + 1, rec.origin().page());
            assertEquals(i % 500, rec.origin().index());
            Validation v = validator.validate(rec);
            assertTrue(v instanceof Validation.Accepted, () -> String.valueOf(((Validation.Rejected) v).reasons()));
            uuids.add(((Validation.Accepted) v).user().uuid());
        }
        assertEquals(1500, uuids.size());
    }

    @Test
    void aRetriedSlotFetchesTheSameUsersAndAnotherSlotOthers() {
        try (FakeRandomUserApi fake = FakeRandomUserApi.start()) {
            RandomUserHttpSource source = source(fake.baseUrl(), b -> b.set(USERS_PER_RUN, 12_000));
            List<String> first = uuids(source, SLOT);
            List<String> again = uuids(source, SLOT);
            List<String> next = uuids(source, SLOT.next());
            assertEquals(12_000, first.size());
            assertEquals(12_000, new HashSet<>(first).size(), "three pages of one seed hold no duplicate");
            assertEquals(first, again);
            assertTrue(new HashSet<>(first).stream().noneMatch(new HashSet<>(next)::contains));
            assertTrue(fake.lastQuery().contains("results=2000") && fake.lastQuery().contains("page=3"), fake.lastQuery());
        }
    }

    @Test
    void randomModeDrawsOneSeedPerFetchForAllItsPages() {
        RandomUserHttpSource source = source(b -> b.set(SEED_MODE, RandomUserSettings.SeedMode.RANDOM).set(USERS_PER_RUN, 1000).maxPageSize(500));
        source.fetch(request(), r -> { });
        source.fetch(request(), r -> { });
        List<String> seeds = api.requestLog().stream().map(r -> r.query().get("seed")).toList();
        assertEquals(4, seeds.size());
        assertTrue(seeds.stream().allMatch(s -> s.matches("[0-9a-f]{16}")), seeds.toString());
        assertEquals(seeds.get(0), seeds.get(1));
        assertEquals(seeds.get(2), seeds.get(3));
        assertNotEquals(seeds.get(0), seeds.get(2));
    }

    @Test
    void asksForNationalitiesAndForLegoTheWayTheApiUnderstands() {
        List<RawRecord> gb = new ArrayList<>();
        source(b -> b.set(USERS_PER_RUN, 50).set(NATIONALITIES, List.of("GB"))).fetch(request(), gb::add);
        assertEquals("GB", api.requestLog().get(0).query().get("nat"));
        assertEquals(50, gb.size());

        List<RawRecord> lego = new ArrayList<>();
        source(b -> b.set(USERS_PER_RUN, 50).set(NATIONALITIES, List.of("LEGO"))).fetch(request(), lego::add);
        FakeRandomUserApi.Request r = api.requestLog().get(1);
        assertEquals("true", r.query().get("lego"));
        assertFalse(r.query().containsKey("nat"));
        assertEquals(50, lego.size(), "info.seed comes back as the seed plus -1, which the API does for LEGO");
    }

    @Test
    void fetchesVersion13FromItsOwnPath() {
        List<RawRecord> records = new ArrayList<>();
        source(b -> b.set(API_VERSION, ApiVersion.V1_3).set(USERS_PER_RUN, 200)).fetch(request(), records::add);
        assertEquals("/api/1.3/", api.requestLog().get(0).path());
        assertEquals(200, records.size());
    }

    @Test
    void acceptsAResponseWithoutInfo() {
        List<RawRecord> records = new ArrayList<>();
        source(b -> b.set(USERS_PER_RUN, 100)).fetch(request(), records::add);
        assertEquals(100, records.size());
    }

    @Test
    void readsGzipBodiesAndCountsTheirDecompressedBytes() {
        api.gzip(true);
        List<RawRecord> records = new ArrayList<>();
        FetchStats stats = source(b -> b.set(USERS_PER_RUN, 500)).fetch(request(), records::add);
        assertEquals(500, records.size());
        assertTrue(stats.bytes() > 500_000, "decompressed: " + stats.bytes());
    }

    @Test
    void keepsPasswordsWithQuotesBackslashesAndCommasIntact() {
        List<RawRecord> records = new ArrayList<>();
        source(b -> b.set(USERS_PER_RUN, 20)).fetch(request(), records::add);
        List<String> expected = FixtureRecords.records("v1.4/password-charset-results-20.json").stream()
                .map(t -> FixtureRecords.JSON.readTree(t).at("/login/password").stringValue()).toList();
        List<String> got = records.stream().map(r -> FixtureRecords.JSON.readTree(r.payload()).at("/login/password").stringValue()).toList();
        assertEquals(expected, got);
    }

    // ---- faults: retried ----

    @Test
    void retriesA500AndThenSucceeds() {
        api.then(status(500, "text/plain", "Internal Server Error", Map.of()));
        List<RawRecord> records = new ArrayList<>();
        FetchStats stats = source(b -> b).fetch(request(), records::add);
        assertEquals(1, stats.retries());
        assertEquals(2, api.requestLog().size());
        assertEquals(1, records.size());
        assertEquals(1, clock.sleeps().size());
        Duration d = clock.sleeps().get(0);
        assertTrue(d.compareTo(Duration.ofMillis(50)) >= 0 && d.compareTo(Duration.ofMillis(100)) <= 0, "jittered first delay " + d);
    }

    @Test
    void givesUpOnRepeated503sAfterTheRetryBudgetWithBackoffGrowing() {
        for (int i = 0; i < 10; i++) {
            api.then(status(503, "text/plain", "Service Unavailable", Map.of()));
        }
        SourceException e = assertThrows(SourceException.class, () -> source(b -> b.set(MAX_RETRIES, 3)).fetch(request(), r -> { }));
        assertEquals(3, e.retries());
        assertEquals(4, api.requestLog().size());
        assertTrue(e.getMessage().startsWith("HTTP 503 from " + api.baseUrl()), e.getMessage());
        assertTrue(e.getMessage().endsWith(": Service Unavailable (gave up after 3 retries)"), e.getMessage());
        List<Duration> sleeps = clock.sleeps();
        for (int i = 0; i < sleeps.size(); i++) {
            long base = Math.min(1000, 100L << i);
            long ms = sleeps.get(i).toMillis();
            assertTrue(ms >= base / 2 && ms <= base, "delay " + i + " = " + ms + " ms within [" + base / 2 + ", " + base + "]");
        }
    }

    @Test
    void honoursRetryAfterOnA429AndNamesTheApisErrorText() {
        String cowboy = "{\"error\": \"Whoa, ease up there cowboy. You've requested 5000 users in the last minute.\"}";
        api.then(status(429, "application/json", cowboy, Map.of("Retry-After", "7")));
        FetchStats stats = source(b -> b).fetch(request(), r -> { });
        assertEquals(1, stats.retries());
        assertEquals(List.of(Duration.ofSeconds(7)), clock.sleeps());

        api.then(status(429, "application/json", cowboy, Map.of("Retry-After", "1")),
                status(429, "application/json", cowboy, Map.of("Retry-After", "1")));
        SourceException e = assertThrows(SourceException.class, () -> source(b -> b.set(MAX_RETRIES, 1)).fetch(request(), r -> { }));
        assertEquals(1, e.retries());
        assertTrue(e.getMessage().contains("HTTP 429") && e.getMessage().contains("Whoa, ease up there cowboy."), e.getMessage());
    }

    @Test
    void a429WithoutRetryAfterMeansTheWindowIsSpentAndIsNeverRetried() {
        String cowboy = "{\"error\": \"Whoa, ease up there cowboy. You've requested 20000 users in the last 5 minutes.\"}";
        api.then(status(429, "application/json", cowboy, Map.of()), page());

        SourceRateLimitedException e = assertThrows(SourceRateLimitedException.class,
                () -> source(b -> b.set(MAX_RETRIES, 3)).fetch(request(), r -> { }));

        assertEquals(1, api.requestLog().size(), "no retry within seconds: the window is spent");
        assertEquals(List.of(), clock.sleeps());
        assertTrue(e.getMessage().contains("HTTP 429") && e.getMessage().contains("ease up there cowboy"), e.getMessage());
    }

    @Test
    void retriesAResponseSlowerThanTheRequestTimeout() {
        api.then(delayed(Duration.ofSeconds(3), page()), delayed(Duration.ofSeconds(3), page()));
        List<RawRecord> records = new ArrayList<>();
        FetchStats stats = source(b -> b.set(REQUEST_TIMEOUT, Duration.ofMillis(300)).set(MAX_RETRIES, 2)).fetch(request(), records::add);
        assertEquals(2, stats.retries());
        assertEquals(1, records.size());

        api.then(delayed(Duration.ofSeconds(3), page()), delayed(Duration.ofSeconds(3), page()));
        SourceException e = assertThrows(SourceException.class,
                () -> source(b -> b.set(REQUEST_TIMEOUT, Duration.ofMillis(300)).set(MAX_RETRIES, 1)).fetch(request(), r -> { }));
        assertEquals(1, e.retries());
        assertTrue(e.getMessage().contains("no response from") && e.getMessage().contains("within 300 ms"), e.getMessage());
    }

    @Test
    void boundsTheWholeRequestAlsoWhenTheBodyStalls() {
        api.then(stallMidBody(Duration.ofSeconds(3)), stallMidBody(Duration.ofSeconds(3)));
        long t0 = System.nanoTime();
        List<RawRecord> streamed = new ArrayList<>();
        SourceException e = assertThrows(SourceException.class,
                () -> source(b -> b.set(USERS_PER_RUN, 500).set(REQUEST_TIMEOUT, Duration.ofMillis(400)).set(MAX_RETRIES, 1)).fetch(request(), streamed::add));
        assertEquals(1, e.retries());
        assertTrue(streamed.size() > 100 && streamed.size() < 500, "records were handed on as they arrived: " + streamed.size());
        assertTrue(e.getMessage().contains("response not complete within 400 ms"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(3)) < 0, "did not wait for the stalled server");
    }

    @Test
    void retriesARefusedConnectionThenGivesUpNamingIt() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        SourceException e = assertThrows(SourceException.class,
                () -> source("http://127.0.0.1:" + closedPort, b -> b.set(MAX_RETRIES, 2)).fetch(request(), r -> { }));
        assertEquals(2, e.retries());
        assertEquals(2, clock.sleeps().size());
        assertTrue(e.getMessage().startsWith("could not connect to http://127.0.0.1:" + closedPort), e.getMessage());
        assertFalse(e.getMessage().contains(": null"), "the reason is named: " + e.getMessage());
        assertTrue(e.getMessage().endsWith("(gave up after 2 retries)"), e.getMessage());
    }

    @Test
    void resumesAPageCutByAConnectionResetDeliveringEachRecordOnce() {
        byte[] body = api.defaultBody(new FakeRandomUserApi.Request("/api/1.4/", Map.of("results", "500", "seed", SEED, "page", "1"), Map.of()));
        try (ResettingServer server = new ResettingServer(target -> body, 1, 0.5)) {
            List<RawRecord> records = new ArrayList<>();
            FetchStats stats = source(server.baseUrl(), b -> b.set(USERS_PER_RUN, 500)).fetch(request(), records::add);
            assertEquals(2, server.connections());
            assertEquals(1, stats.retries());
            assertEquals(500, records.size());
            for (int i = 0; i < 500; i++) {
                assertEquals(i, records.get(i).origin().index());
            }
            assertEquals(FixtureRecords.records("v1.4/seed-fixture-results-500-page-1.json"),
                    records.stream().map(r -> FixtureRecords.JSON.writeValueAsString(FixtureRecords.JSON.readTree(r.payload()))).toList());
        }
    }

    @Test
    void givesUpWhenEveryAttemptIsReset() {
        byte[] body = api.defaultBody(new FakeRandomUserApi.Request("/api/1.4/", Map.of("results", "500", "seed", SEED, "page", "1"), Map.of()));
        try (ResettingServer server = new ResettingServer(target -> body, 99, 0.3)) {
            List<RawRecord> records = new ArrayList<>();
            SourceException e = assertThrows(SourceException.class,
                    () -> source(server.baseUrl(), b -> b.set(USERS_PER_RUN, 500).set(MAX_RETRIES, 2)).fetch(request(), records::add));
            assertEquals(2, e.retries());
            assertEquals(3, server.connections());
            assertTrue(e.getMessage().startsWith("connection failed after "), e.getMessage());
            assertEquals(new HashSet<>(records).size(), records.size(), "no record delivered twice before the failure");
        }
    }

    // ---- faults: not retried ----

    @Test
    void refusesARedirectToAnotherServerThatServesUsers() {
        try (FakeRandomUserApi elsewhere = FakeRandomUserApi.start()) {
            String target = elsewhere.baseUrl() + "/api/1.4/?results=1&seed=" + SEED + "&page=1";
            api.then(FakeRandomUserApi.redirect(302, target));
            List<RawRecord> records = new ArrayList<>();
            SourceException e = assertThrows(SourceException.class, () -> source(b -> b).fetch(request(), records::add));
            assertEquals("HTTP 302 redirect to " + target + " from " + api.baseUrl() + "/api/1.4/?results=1&seed=t-2026-01-01T00%3A00Z&page=1"
                    + " refused: redirects are never followed (set ETL_SOURCE_URL to the final address)", e.getMessage());
            assertEquals(0, e.retries());
            assertEquals(List.of(), records);
            assertEquals(0, elsewhere.requests(), "the other server was never asked");
            assertEquals(1, api.requests());
        }
    }

    @Test
    void doesNotRetryOther4xx() {
        SourceException e = assertThrows(SourceException.class, () -> source(api.baseUrl() + "/nowhere", b -> b).fetch(request(), r -> { }));
        assertEquals(0, e.retries());
        assertEquals(1, api.requestLog().size());
        assertTrue(e.getMessage().startsWith("HTTP 404 from ") && e.getMessage().endsWith(": Not Found"), e.getMessage());
    }

    @Test
    void failsOnTruncatedJsonWithoutRetrying() {
        api.then(transformed(b -> Arrays.copyOf(b, b.length * 2 / 3)));
        List<RawRecord> records = new ArrayList<>();
        SourceException e = assertThrows(SourceException.class, () -> source(b -> b.set(USERS_PER_RUN, 500)).fetch(request(), records::add));
        assertEquals(0, e.retries());
        assertEquals(1, api.requestLog().size());
        assertEquals("truncated JSON after " + records.size() + " records of page 1", e.getMessage());
        assertTrue(records.size() > 200 && records.size() < 500, "records were streamed before the cut: " + records.size());
    }

    @Test
    void failsOnBodiesLargerThanTheCapWhetherAnnouncedOrNot() {
        SourceException announced = assertThrows(SourceException.class,
                () -> source(b -> b.set(USERS_PER_RUN, 500).set(MAX_BYTES, 64L * 1024)).fetch(request(), r -> { }));
        assertEquals(0, announced.retries());
        assertTrue(announced.getMessage().startsWith("response larger than 64 KiB cap (Content-Length "), announced.getMessage());

        api.then(chunked());
        List<RawRecord> records = new ArrayList<>();
        SourceException streamed = assertThrows(SourceException.class,
                () -> source(b -> b.set(USERS_PER_RUN, 500).set(MAX_BYTES, 64L * 1024)).fetch(request(), records::add));
        assertEquals("response larger than 64 KiB cap (page 1)", streamed.getMessage());
        assertEquals(0, streamed.retries());
        assertTrue(records.size() < 70, "stopped reading at the cap: " + records.size());

        api.then(gzipBomb(8 << 20));
        SourceException inflated = assertThrows(SourceException.class,
                () -> source(b -> b.set(MAX_BYTES, 16L * 1024)).fetch(request(), r -> { }));
        assertEquals("response larger than 16 KiB cap (page 1)", inflated.getMessage());
        assertEquals(0, inflated.retries());
        assertEquals(3, api.requestLog().size());
    }

    @Test
    void failsOnTheApisErrorJsonNamingItsText() {
        api.then(json("{\"error\": \"Uh oh, something has gone wrong. Please tweet us @randomapi about the issue. Thank you.\"}"
                .getBytes(StandardCharsets.UTF_8)));
        SourceException e = assertThrows(SourceException.class, () -> source(b -> b).fetch(request(), r -> { }));
        assertEquals("randomuser.me answered with an error: Uh oh, something has gone wrong. Please tweet us @randomapi about the issue. Thank you.",
                e.getMessage());
        assertEquals(0, e.retries());
    }

    @Test
    void failsWhenInfoShowsTheApiReplacedAParameter() {
        api.then(json(FixtureRecords.text("v1.4/seed-single-results-1.json").getBytes(StandardCharsets.UTF_8)));
        SourceException seed = assertThrows(SourceException.class, () -> source(b -> b).fetch(request(), r -> { }));
        assertEquals("info.seed was \"single\", expected \"" + SEED + "\" (the API replaced a request parameter)", seed.getMessage());

        api.then(transformed(b -> new String(b, StandardCharsets.UTF_8).replace("\"version\":\"1.4\"", "\"version\":\"1.0\"")
                .getBytes(StandardCharsets.UTF_8)));
        SourceException version = assertThrows(SourceException.class, () -> source(b -> b).fetch(request(), r -> { }));
        assertTrue(version.getMessage().startsWith("info.version was \"1.0\", expected \"1.4\""), version.getMessage());

        api.then(transformed(b -> new String(b, StandardCharsets.UTF_8).replace("\"page\":1", "\"page\":\"one\"")
                .getBytes(StandardCharsets.UTF_8)));
        SourceException envelope = assertThrows(SourceException.class, () -> source(b -> b).fetch(request(), r -> { }));
        assertTrue(envelope.getMessage().startsWith("response envelope breaks the contract: /info/page"), envelope.getMessage());
        assertEquals(0, seed.retries() + version.retries() + envelope.retries());
    }

    @Test
    void failsWhenAPageHoldsFewerRecordsThanAskedFor() {
        SourceException e = assertThrows(SourceException.class, () -> source(b -> b.set(USERS_PER_RUN, 2)).fetch(request(), r -> { }));
        assertEquals("page 1 had 1 records, expected 2", e.getMessage());
    }

    @Test
    void failsOnAWrongContentTypeOrABodyThatIsNotJson() {
        api.then(status(200, "text/html; charset=utf-8", "<html><body>Captive portal</body></html>", Map.of()));
        SourceException html = assertThrows(SourceException.class, () -> source(b -> b).fetch(request(), r -> { }));
        assertEquals("content type text/html is not JSON", html.getMessage());
        assertEquals(0, html.retries());

        api.then(json("<html>oops</html>".getBytes(StandardCharsets.UTF_8)));
        SourceException notJson = assertThrows(SourceException.class, () -> source(b -> b).fetch(request(), r -> { }));
        assertTrue(notJson.getMessage().contains("is not JSON (line 1, column"), notJson.getMessage());
        assertEquals(2, api.requestLog().size());
    }

    @Test
    void aRecordBrokenInsideItsBracketsIsHandedOnWholeAndNeverQuotesItsPassword() {
        // An unquoted password: the record is not JSON, but its boundaries are clear, so only it is rejected.
        api.then(transformed(b -> new String(b, StandardCharsets.UTF_8).replace("\"password\":\"washingt\"", "\"password\":hunter2")
                .getBytes(StandardCharsets.UTF_8)));
        List<RawRecord> records = new ArrayList<>();
        source(b -> b).fetch(request(), records::add);
        assertEquals(1, records.size());
        assertTrue(records.get(0).payload().contains("\"password\":hunter2,"), "handed on exactly as sent");
        Validation.Rejected r = (Validation.Rejected) new JsonSchemaUserValidator(ApiVersion.V1_4, false).validate(records.get(0));
        assertEquals(List.of(new io.github.randomuseretl.core.model.RejectionReason("/login/password", "is not valid JSON here")), r.reasons());
        assertFalse(r.record().payload().contains("hunter2"), r.record().payload());
    }

    @Test
    void aPageWithMoreRecordsThanAskedForFailsWhenTheExtraOneBegins() {
        api.records(records -> {
            for (int i = 0; i < 2000; i++) {
                records.add(records.get(0));
            }
            return records;
        });
        List<RawRecord> records = new ArrayList<>();
        SourceException e = assertThrows(SourceException.class, () -> source(b -> b).fetch(request(), records::add));
        assertEquals("page 1 holds more records than the 1 asked for: record 2 began", e.getMessage());
        assertEquals(0, e.retries());
        assertEquals(1, records.size(), "nothing past the extra record's first byte is handed on");
    }

    @Test
    void letsAConsumerFailurePassThroughUntouched() {
        IllegalStateException boom = new IllegalStateException("sink full");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> source(b -> b).fetch(request(), r -> {
            throw boom;
        }));
        assertSame(boom, e);
        assertEquals(1, api.requestLog().size());
    }

    // ---- the deadline ----

    @Test
    void doesNotWaitForARetryAfterThatWouldPassTheDeadline() {
        api.then(status(503, "text/plain", "down for maintenance", Map.of("Retry-After", "120")));
        SourceException e = assertThrows(SourceException.class, () -> source(b -> b).fetch(
                new FetchRequest(SLOT, START.plusSeconds(45)), r -> { }));
        assertEquals(0, e.retries());
        assertEquals(List.of(), clock.sleeps());
        assertTrue(e.getMessage().contains("no retry: waiting 120000 ms (Retry-After) would pass the deadline 2026-01-01T00:00:50Z"),
                e.getMessage());
    }

    @Test
    void stopsRetryingWhenTheBackoffWouldPassTheDeadline() {
        for (int i = 0; i < 10; i++) {
            api.then(status(500, "text/plain", "boom", Map.of()));
        }
        SourceException e = assertThrows(SourceException.class, () -> source(b -> b.set(MAX_RETRIES, 10)
                .initialBackoff(Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(8))).fetch(new FetchRequest(SLOT, START.plusSeconds(6)), r -> { }));
        assertTrue(e.getMessage().contains("would pass the deadline 2026-01-01T00:00:11Z"), e.getMessage());
        assertTrue(e.retries() >= 1 && e.retries() < 5, "retries " + e.retries());
        assertFalse(clock.instant().isAfter(START.plusSeconds(6)), "never slept past the deadline");
    }

    @Test
    void failsNamingTheDeadlineWhenItHasPassed() {
        SourceException e = assertThrows(SourceException.class,
                () -> source(b -> b).fetch(new FetchRequest(SLOT, START.minusSeconds(1)), r -> { }));
        assertEquals("deadline 2026-01-01T00:00:04Z reached before page 1 could be fetched", e.getMessage());
        assertEquals(0, api.requestLog().size());
    }

    @Test
    void cutsARequestShortAtTheDeadlineOnTheRealClock() {
        api.then(delayed(Duration.ofSeconds(5), page()));
        RandomUserSettings settings = settings(api.baseUrl(), b -> b.set(REQUEST_TIMEOUT, Duration.ofSeconds(30)));
        RandomUserHttpSource source = new RandomUserHttpSource(settings, RandomUserHttpSource.newHttpClient(settings),
                Clock.systemUTC(), clock, new Random(1));
        long t0 = System.nanoTime();
        SourceException e = assertThrows(SourceException.class,
                () -> source.fetch(new FetchRequest(SLOT, Instant.now().plusMillis(700)), r -> { }));
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(4)) < 0, "gave up at the deadline");
        assertTrue(e.getMessage().contains("deadline"), e.getMessage());
    }

    // ---- helpers ----

    private static FetchRequest request() {
        return new FetchRequest(SLOT, START.plusSeconds(45));
    }

    private RandomUserHttpSource source(Function<RandomUserSettings.Builder, RandomUserSettings.Builder> tweak) {
        return source(api.baseUrl(), tweak);
    }

    private RandomUserHttpSource source(String baseUrl, Function<RandomUserSettings.Builder, RandomUserSettings.Builder> tweak) {
        RandomUserSettings settings = settings(baseUrl, tweak);
        return new RandomUserHttpSource(settings, RandomUserHttpSource.newHttpClient(settings), clock, clock, new Random(42));
    }

    private static RandomUserSettings settings(String baseUrl, Function<RandomUserSettings.Builder, RandomUserSettings.Builder> tweak) {
        return tweak.apply(RandomUserSettings.builder()
                .set(SOURCE_URL, URI.create(baseUrl))
                .set(USERS_PER_RUN, 1)
                .set(SEED_PREFIX, "t")
                .set(REQUEST_TIMEOUT, Duration.ofSeconds(5))
                .initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofSeconds(1))).build();
    }

    private List<String> uuids(RandomUserHttpSource source, Slot slot) {
        List<String> out = new ArrayList<>();
        source.fetch(new FetchRequest(slot, START.plusSeconds(45)), r -> out.add(FixtureRecords.JSON.readTree(r.payload()).at("/login/uuid").stringValue()));
        return out;
    }
}

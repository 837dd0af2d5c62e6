package io.github.randomuseretl.adapter.randomuser;

import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.REQUEST_TIMEOUT;
import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.SEED_PREFIX;
import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.SOURCE_URL;
import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.USERS_PER_RUN;
import static io.github.randomuseretl.core.testing.FakeRandomUserApi.page;
import static io.github.randomuseretl.core.testing.FakeRandomUserApi.stallMidBody;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.port.ArchiveException;
import io.github.randomuseretl.core.port.FetchRequest;
import io.github.randomuseretl.core.testing.FakeRandomUserApi;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The source hands each page, exactly as served and decoded, to the fetch's page hook: once, when read whole. */
class PageHookIT {

    private static final Slot SLOT = Slot.parse("2026-01-01T00:00Z");

    private FakeRandomUserApi api;

    @BeforeEach
    void start() {
        api = FakeRandomUserApi.start().recordings(RandomUserHttpSourceIT.RECORDINGS).gzip(true);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private RandomUserHttpSource source() {
        RandomUserSettings settings = RandomUserSettings.builder().set(SOURCE_URL, URI.create(api.baseUrl())).set(USERS_PER_RUN, 1500)
                .maxPageSize(500).set(SEED_PREFIX, "t").set(REQUEST_TIMEOUT, Duration.ofSeconds(10))
                .initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(20)).build();
        return new RandomUserHttpSource(settings, RandomUserHttpSource.newHttpClient(settings), java.time.Clock.systemUTC(),
                RandomUserHttpSource.Sleeper.SYSTEM, new Random(1));
    }

    @Test
    void everyPageIsHandedOnOnceAsServedEvenWhenItIsReadAgainAfterAFailurePartWay() {
        // Page 2 breaks off half-way on its first request (the connection closes short of its length); it is then read again whole.
        api.then(page(), stallMidBody(Duration.ZERO), page(), page());
        Map<Integer, byte[]> pages = new TreeMap<>();
        List<Integer> order = new ArrayList<>();
        List<RawRecord> records = new ArrayList<>();

        source().fetch(new FetchRequest(SLOT, Instant.now().plusSeconds(30), (page, body) -> {
            order.add(page);
            pages.put(page, body);
        }), records::add);

        assertEquals(List.of(1, 2, 3), order, "each page once");
        assertEquals(4, api.requestLog().size(), "page 2 was requested twice");
        assertEquals(1500, records.size());
        List<FakeRandomUserApi.Request> served = api.requestLog().stream().filter(r -> r != api.requestLog().get(1)).toList();
        for (int p = 1; p <= 3; p++) {
            assertArrayEquals(api.defaultBody(served.get(p - 1)), pages.get(p), "page " + p + " is the body as served, decoded");
        }
    }

    @Test
    void aHookThatCannotKeepAPageFailsTheFetch() {
        ArchiveException e = assertThrows(ArchiveException.class, () -> source().fetch(new FetchRequest(SLOT, Instant.now().plusSeconds(30),
                (page, body) -> {
                    throw new ArchiveException("disk full");
                }), r -> { }));
        assertTrue(e.getMessage().contains("disk full"));
        assertEquals(1, api.requestLog().size(), () -> "no retry, no further page: " + api.requestLog());
    }
}

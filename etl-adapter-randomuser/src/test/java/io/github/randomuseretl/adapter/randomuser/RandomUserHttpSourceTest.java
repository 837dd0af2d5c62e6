package io.github.randomuseretl.adapter.randomuser;

import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.API_VERSION;
import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.NATIONALITIES;
import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.SOURCE_EXC;
import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.SOURCE_INC;
import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.SOURCE_URL;
import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.USERS_PER_RUN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The source's request building and retry timing, without a network. */
class RandomUserHttpSourceTest {

    @Test
    void pinsTheVersionInThePathAndEncodesTheSeed() {
        RandomUserHttpSource s = source(b -> b.set(SOURCE_URL, URI.create("https://proxy.example/randomuser/")).set(USERS_PER_RUN, 12_000));
        assertEquals(URI.create("https://proxy.example/randomuser/api/1.4/?results=5000&seed=p+x-2026-01-01T00%3A00Z&page=1"),
                s.pageUri("p x-2026-01-01T00:00Z", 1));
        assertEquals(URI.create("https://proxy.example/randomuser/api/1.4/?results=2000&seed=s&page=3"), s.pageUri("s", 3));
    }

    @Test
    void eachRunAsksTheBudgetForItsUsersPerRun() {
        assertEquals(12_000, source(b -> b.set(USERS_PER_RUN, 12_000)).requestedUsers());
    }

    @Test
    void asksForNationalitiesIncAndExcOrForLego() {
        RandomUserHttpSource nat = source(b -> b.set(API_VERSION, ApiVersion.V1_3).set(NATIONALITIES, List.of("gb", "us"))
                .set(SOURCE_INC, RandomUserSettings.RECORD_FIELDS).set(SOURCE_EXC, List.of()));
        assertEquals("/api/1.3/?results=100&seed=s&page=1&nat=GB,US&inc=gender,name,location,email,login,registered,dob,phone,cell,id,picture,nat",
                path(nat.pageUri("s", 1)));
        RandomUserHttpSource narrow = source(b -> b.set(SOURCE_INC, List.of("name", "email", "login", "nat", "dob"))
                .set(SOURCE_EXC, List.of("dob")));
        assertEquals("/api/1.4/?results=100&seed=s&page=1&inc=name,email,login,nat,dob&exc=dob", path(narrow.pageUri("s", 1)));
        RandomUserHttpSource lego = source(b -> b.set(NATIONALITIES, List.of("LEGO")));
        assertEquals("/api/1.4/?results=100&seed=s&page=1&lego=true", path(lego.pageUri("s", 1)));
    }

    @Test
    void backsOffExponentiallyWithJitterUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(4), new Random(7));
        for (int retry = 0; retry < 8; retry++) {
            long base = Math.min(4000, 500L << retry);
            for (int i = 0; i < 50; i++) {
                long ms = backoff.delay(retry, null).toMillis();
                assertTrue(ms >= base / 2 && ms <= base, "retry " + retry + ": " + ms);
            }
        }
    }

    @Test
    void aLongerRetryAfterWinsOverTheBackoff() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(4), new Random(7));
        assertEquals(Duration.ofSeconds(30), backoff.delay(0, Duration.ofSeconds(30)));
        assertTrue(backoff.delay(3, Duration.ofMillis(1)).toMillis() >= 2000);
    }

    @Test
    void readsRetryAfterAsSecondsOrAsAnHttpDate() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        assertEquals(Duration.ofSeconds(120), Backoff.parseRetryAfter("120", clock));
        assertEquals(Duration.ofSeconds(90), Backoff.parseRetryAfter("Thu, 01 Jan 2026 00:01:30 GMT", clock));
        assertEquals(Duration.ZERO, Backoff.parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", clock));
        assertNull(Backoff.parseRetryAfter("soon", clock));
        assertNull(Backoff.parseRetryAfter("-5", clock));
        assertNull(Backoff.parseRetryAfter(null, clock));
    }

    private static String path(URI uri) {
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }

    private static RandomUserHttpSource source(UnaryOperator<RandomUserSettings.Builder> tweak) {
        RandomUserSettings settings = tweak.apply(RandomUserSettings.builder()).build();
        return new RandomUserHttpSource(settings, HttpClient.newBuilder().build(), Clock.systemUTC(), d -> { }, new Random(1));
    }
}

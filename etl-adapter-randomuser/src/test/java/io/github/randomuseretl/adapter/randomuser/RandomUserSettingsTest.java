package io.github.randomuseretl.adapter.randomuser;

import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.SEED_PREFIX;
import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.SOURCE_EXC;
import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.USERS_PER_RUN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.config.InvalidSettingException;
import io.github.randomuseretl.core.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RandomUserSettingsTest {

    @Test
    void defaultsAreTheLiveApiVersion14AHundredUsersAndSlotSeeds() {
        RandomUserSettings s = RandomUserSettings.from(Settings.of(Map.of()));
        assertEquals(URI.create("https://randomuser.me"), s.baseUrl());
        assertEquals(ApiVersion.V1_4, s.apiVersion());
        assertEquals(100, s.usersPerRun());
        assertEquals(List.of(), s.nationalities());
        assertEquals(RandomUserSettings.SeedMode.SLOT, s.seedMode());
        assertEquals("randomuser-etl", s.seedPrefix());
        assertEquals(Duration.ofSeconds(5), s.connectTimeout());
        assertEquals(Duration.ofSeconds(30), s.requestTimeout());
        assertEquals(3, s.maxRetries());
        assertEquals(64L * 1024 * 1024, s.maxResponseBytes());
        assertFalse(s.keepPasswordHash());
        assertEquals(RandomUserSettings.DEFAULTS, s);
    }

    @Test
    void readsEverySettingByItsEnvironmentName() {
        Settings env = Settings.of(Map.ofEntries(
                Map.entry("ETL_SOURCE_URL", "http://127.0.0.1:8080/proxy/"),
                Map.entry("ETL_API_VERSION", "1.3"),
                Map.entry("ETL_USERS_PER_RUN", "12000"),
                Map.entry("ETL_NATIONALITIES", "gb, us,GB"),
                Map.entry("ETL_SEED_MODE", "RANDOM"),
                Map.entry("ETL_SEED_PREFIX", "prod.eu-1"),
                Map.entry("ETL_SOURCE_CONNECT_TIMEOUT", "2s"),
                Map.entry("ETL_SOURCE_REQUEST_TIMEOUT", "PT45S"),
                Map.entry("ETL_SOURCE_MAX_RETRIES", "5"),
                Map.entry("ETL_SOURCE_MAX_BYTES", "16MiB"),
                Map.entry("ETL_SOURCE_INC", RandomUserSettings.RECORD_FIELDS.stream().reduce((a, b) -> a + "," + b).orElseThrow()),
                Map.entry("ETL_SOURCE_EXC", ""),
                Map.entry("ETL_KEEP_PASSWORD_HASH", "true")));
        RandomUserSettings s = RandomUserSettings.from(env);
        assertEquals(URI.create("http://127.0.0.1:8080/proxy"), s.baseUrl());
        assertEquals(ApiVersion.V1_3, s.apiVersion());
        assertEquals(12000, s.usersPerRun());
        assertEquals(List.of("GB", "US"), s.nationalities());
        assertEquals(RandomUserSettings.SeedMode.RANDOM, s.seedMode());
        assertEquals("prod.eu-1", s.seedPrefix());
        assertEquals(Duration.ofSeconds(2), s.connectTimeout());
        assertEquals(Duration.ofSeconds(45), s.requestTimeout());
        assertEquals(5, s.maxRetries());
        assertEquals(16L * 1024 * 1024, s.maxResponseBytes());
        assertEquals(RandomUserSettings.RECORD_FIELDS, s.include());
        assertTrue(s.keepPasswordHash());
        assertTrue(env.known().containsAll(List.of("ETL_SOURCE_URL", "ETL_API_VERSION", "ETL_USERS_PER_RUN", "ETL_NATIONALITIES",
                "ETL_SEED_MODE", "ETL_SEED_PREFIX", "ETL_SOURCE_CONNECT_TIMEOUT", "ETL_SOURCE_REQUEST_TIMEOUT",
                "ETL_SOURCE_MAX_RETRIES", "ETL_SOURCE_MAX_BYTES", "ETL_SOURCE_INC", "ETL_SOURCE_EXC", "ETL_KEEP_PASSWORD_HASH")));
    }

    @Test
    void splitsRunsAbove5000UsersIntoPagesOfOneSizeWithAShorterLastPage() {
        RandomUserSettings s = RandomUserSettings.builder().set(USERS_PER_RUN, 12_000).build();
        assertEquals(5000, s.pageSize());
        assertEquals(3, s.pages());
        assertEquals(List.of(5000, 5000, 2000), List.of(s.resultsOnPage(1), s.resultsOnPage(2), s.resultsOnPage(3)));
        RandomUserSettings small = RandomUserSettings.builder().set(USERS_PER_RUN, 100).build();
        assertEquals(1, small.pages());
        assertEquals(100, small.resultsOnPage(1));
        RandomUserSettings max = RandomUserSettings.builder().set(USERS_PER_RUN, 100_000).build();
        assertEquals(20, max.pages());
    }

    @Test
    void stopsStartUpWithOneLineNamingTheWrongSetting() {
        assertRejected("ETL_API_VERSION", "1.2");
        assertRejected("ETL_API_VERSION", "2.0");
        assertRejected("ETL_USERS_PER_RUN", "0");
        assertRejected("ETL_USERS_PER_RUN", "100001");
        assertRejected("ETL_USERS_PER_RUN", "many");
        assertRejected("ETL_NATIONALITIES", "XX");
        assertRejected("ETL_SEED_MODE", "fixed");
        assertRejected("ETL_SEED_PREFIX", "has space");
        assertRejected("ETL_SEED_PREFIX", "x".repeat(65));
        assertRejected("ETL_SOURCE_URL", "ftp://randomuser.me");
        assertRejected("ETL_SOURCE_URL", "randomuser.me");
        assertRejected("ETL_SOURCE_URL", "https://randomuser.me/?results=5");
        assertRejected("ETL_SOURCE_CONNECT_TIMEOUT", "10ms");
        assertRejected("ETL_SOURCE_REQUEST_TIMEOUT", "1h");
        assertRejected("ETL_SOURCE_MAX_RETRIES", "11");
        assertRejected("ETL_SOURCE_MAX_BYTES", "2GiB");
        assertRejected("ETL_SOURCE_MAX_BYTES", "12 parsecs");
        assertRejected("ETL_SOURCE_MAX_BYTES", "100");
        assertRejected("ETL_KEEP_PASSWORD_HASH", "yes");
        assertRejected("ETL_SOURCE_INC", "shoe_size");
    }

    @Test
    void rejectsNationalitiesTheVersionDoesNotHave() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> RandomUserSettings.from(
                Settings.of(Map.of("ETL_API_VERSION", "1.3", "ETL_NATIONALITIES", "GB,UA"))));
        assertEquals("ETL_NATIONALITIES", e.setting());
        assertTrue(e.getMessage().contains("AU BR CA CH DE DK ES FI FR GB IE IR NL NO NZ TR US (API 1.3)"), e.getMessage());
        assertEquals(List.of("UA"), RandomUserSettings.from(Settings.of(Map.of("ETL_NATIONALITIES", "ua"))).nationalities());
    }

    @Test
    void acceptsLegoOnlyAlone() {
        RandomUserSettings lego = RandomUserSettings.from(Settings.of(Map.of("ETL_NATIONALITIES", "lego")));
        assertTrue(lego.lego());
        assertRejected(Map.of("ETL_NATIONALITIES", "LEGO,GB"), "ETL_NATIONALITIES");
    }

    @Test
    void acceptsAnIncOrExcThatKeepsLoginNameEmailAndNat() {
        RandomUserSettings inc = RandomUserSettings.from(Settings.of(Map.of("ETL_SOURCE_INC", "name,email,login,nat")));
        assertEquals(List.of("name", "email", "login", "nat"), inc.include());
        assertEquals(List.of(), inc.exclude());
        RandomUserSettings spaced = RandomUserSettings.from(Settings.of(Map.of("ETL_SOURCE_INC", " NAT, login ,Email,name,picture")));
        assertEquals(List.of("nat", "login", "email", "name", "picture"), spaced.include());
        RandomUserSettings exc = RandomUserSettings.from(Settings.of(Map.of("ETL_SOURCE_EXC", "gender,location,dob,registered,phone,cell,id,picture")));
        assertEquals(List.of("gender", "location", "dob", "registered", "phone", "cell", "id", "picture"), exc.exclude());
        RandomUserSettings both = RandomUserSettings.from(Settings.of(Map.of("ETL_SOURCE_INC", "name,email,login,nat,id", "ETL_SOURCE_EXC", "id")));
        assertEquals(List.of("name", "email", "login", "nat", "id"), both.include());
        assertEquals(List.of("id"), both.exclude());
    }

    @Test
    void rejectsAnIncOrExcThatRemovesAFieldTheContractRequiresNamingTheSettingAndTheFields() {
        InvalidSettingException inc = assertRejected(Map.of("ETL_SOURCE_INC", "name,login"), "ETL_SOURCE_INC");
        assertEquals("ETL_SOURCE_INC must be a list that keeps every field the contract requires: name, email, login, nat "
                + "(it would remove email, nat), got \"name,login\"", inc.getMessage());
        InvalidSettingException exc = assertRejected(Map.of("ETL_SOURCE_EXC", "email"), "ETL_SOURCE_EXC");
        assertTrue(exc.getMessage().contains("(it would remove email)"), exc.getMessage());
        assertTrue(assertRejected(Map.of("ETL_SOURCE_EXC", "login,gender"), "ETL_SOURCE_EXC").getMessage().contains("(it would remove login)"));
        assertTrue(assertRejected(Map.of("ETL_SOURCE_INC", "gender,location,dob"), "ETL_SOURCE_INC").getMessage()
                .contains("(it would remove name, email, login, nat)"));
        // Each setting answers for what it removes itself.
        InvalidSettingException excOfInc = assertRejected(Map.of("ETL_SOURCE_INC", "name,email,login,nat", "ETL_SOURCE_EXC", "nat"),
                "ETL_SOURCE_EXC");
        assertTrue(excOfInc.getMessage().endsWith("(it would remove nat), got \"nat\""), excOfInc.getMessage());
        InvalidSettingException fromCode = assertThrows(InvalidSettingException.class,
                () -> RandomUserSettings.builder().set(SOURCE_EXC, List.of("email")).build());
        assertEquals("ETL_SOURCE_EXC", fromCode.setting());
    }

    @Test
    void rejectsIncOrExcFieldNamesTheApiDoesNotHave() {
        InvalidSettingException inc = assertRejected(Map.of("ETL_SOURCE_INC", "name,email,login,nat,shoe_size"), "ETL_SOURCE_INC");
        assertTrue(inc.getMessage().contains("a comma list of gender, name, location, email, login, registered, dob, phone, cell, id, "
                + "picture, nat"), inc.getMessage());
        assertRejected(Map.of("ETL_SOURCE_EXC", "info"), "ETL_SOURCE_EXC");
        assertRejected(Map.of("ETL_SOURCE_EXC", "location.city"), "ETL_SOURCE_EXC");
    }

    @Test
    void neverEchoesCredentialsFromTheUrl() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> RandomUserSettings.from(Settings.of(Map.of("ETL_SOURCE_URL", "https://admin:hunter2@randomuser.me"))));
        assertEquals("ETL_SOURCE_URL", e.setting());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void readsTheResponseCapWithBinaryUnits() {
        for (Map.Entry<String, Long> e : Map.of("1k", 1024L, "64MiB", 64L << 20, "64 mb", 64L << 20, "1g", 1L << 30,
                "67108864", 67108864L).entrySet()) {
            assertEquals(e.getValue(), RandomUserSettings.from(Settings.of(Map.of("ETL_SOURCE_MAX_BYTES", e.getKey()))).maxResponseBytes(),
                    e.getKey());
        }
        assertEquals("ETL_SOURCE_MAX_BYTES must be a size from 1KiB to 1GiB such as 64MiB, got \"2GiB\"",
                assertRejected(Map.of("ETL_SOURCE_MAX_BYTES", "2GiB"), "ETL_SOURCE_MAX_BYTES").getMessage());
    }

    @Test
    void builderChecksLikeTheEnvironmentAndNamesTheSameSetting() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> RandomUserSettings.builder().set(USERS_PER_RUN, 0).build());
        assertEquals("ETL_USERS_PER_RUN", e.setting());
        RandomUserSettings s = RandomUserSettings.builder().set(USERS_PER_RUN, 7).build().toBuilder().set(SEED_PREFIX, "t").build();
        assertEquals(7, s.usersPerRun());
        assertEquals("t", s.seedPrefix());
        assertThrows(IllegalArgumentException.class,
                () -> RandomUserSettings.builder().set(io.github.randomuseretl.core.pipeline.PipelineSettings.RUN_TIMEOUT, Duration.ofSeconds(5)),
                "another module's setting is not one of this record's");
    }

    private static void assertRejected(String name, String value) {
        assertRejected(Map.of(name, value), name);
    }

    private static InvalidSettingException assertRejected(Map<String, String> env, String name) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> RandomUserSettings.from(Settings.of(env)),
                () -> env + " accepted");
        assertEquals(name, e.setting(), e.getMessage());
        assertTrue(e.getMessage().startsWith(name + " must be "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e;
    }
}

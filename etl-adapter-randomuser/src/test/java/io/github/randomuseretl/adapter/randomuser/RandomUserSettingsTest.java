package io.github.randomuseretl.adapter.randomuser;

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
        RandomUserSettings s = RandomUserSettings.builder().usersPerRun(12_000).build();
        assertEquals(5000, s.pageSize());
        assertEquals(3, s.pages());
        assertEquals(List.of(5000, 5000, 2000), List.of(s.resultsOnPage(1), s.resultsOnPage(2), s.resultsOnPage(3)));
        RandomUserSettings small = RandomUserSettings.builder().usersPerRun(100).build();
        assertEquals(1, small.pages());
        assertEquals(100, small.resultsOnPage(1));
        RandomUserSettings max = RandomUserSettings.builder().usersPerRun(100_000).build();
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
    void rejectsAnIncOrExcThatRemovesAFieldTheContractRequires() {
        InvalidSettingException inc = assertThrows(InvalidSettingException.class,
                () -> RandomUserSettings.from(Settings.of(Map.of("ETL_SOURCE_INC", "name,email,login,nat"))));
        assertEquals("ETL_SOURCE_INC", inc.setting());
        assertTrue(inc.getMessage().contains("cell, dob, gender, id, location, phone, picture, registered"), inc.getMessage());
        InvalidSettingException exc = assertThrows(InvalidSettingException.class,
                () -> RandomUserSettings.from(Settings.of(Map.of("ETL_SOURCE_EXC", "login"))));
        assertEquals("ETL_SOURCE_EXC", exc.setting());
        assertTrue(exc.getMessage().contains("remove login"), exc.getMessage());
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
    void parsesSizesWithBinaryUnits() {
        assertEquals(1024, RandomUserSettings.parseBytes("1k"));
        assertEquals(64L << 20, RandomUserSettings.parseBytes("64MiB"));
        assertEquals(64L << 20, RandomUserSettings.parseBytes("64 mb"));
        assertEquals(1L << 30, RandomUserSettings.parseBytes("1g"));
        assertEquals(67108864, RandomUserSettings.parseBytes("67108864"));
        assertEquals("64 MiB", RandomUserSettings.humanBytes(64L << 20));
        assertEquals("16 KiB", RandomUserSettings.humanBytes(16 * 1024));
        assertEquals("1500 bytes", RandomUserSettings.humanBytes(1500));
    }

    @Test
    void builderChecksLikeTheEnvironmentAndNamesTheSameSetting() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> RandomUserSettings.builder().usersPerRun(0).build());
        assertEquals("ETL_USERS_PER_RUN", e.setting());
        RandomUserSettings s = RandomUserSettings.builder().usersPerRun(7).build().toBuilder().seedPrefix("t").build();
        assertEquals(7, s.usersPerRun());
        assertEquals("t", s.seedPrefix());
    }

    private static void assertRejected(String name, String value) {
        assertRejected(Map.of(name, value), name);
    }

    private static void assertRejected(Map<String, String> env, String name) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> RandomUserSettings.from(Settings.of(env)),
                () -> env + " accepted");
        assertEquals(name, e.setting(), e.getMessage());
        assertTrue(e.getMessage().startsWith(name + " must be "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}

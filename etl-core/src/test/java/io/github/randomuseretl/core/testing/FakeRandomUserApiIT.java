package io.github.randomuseretl.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FakeRandomUserApiIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(FakeRandomUserApi api, String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String uuids(String body) {
        StringBuilder sb = new StringBuilder();
        Matcher m = Pattern.compile("\"uuid\":\"([^\"]+)\"").matcher(body);
        while (m.find()) {
            sb.append(m.group(1)).append(' ');
        }
        return sb.toString();
    }

    @Test
    void theSameRequestGivesTheSameUsersAndAnotherSeedGivesOthers() throws Exception {
        try (FakeRandomUserApi api = FakeRandomUserApi.start()) {
            String a = get(api, "/api/1.4/?results=3&seed=a&page=1").body();
            String again = get(api, "/api/1.4/?results=3&seed=a&page=1").body();
            String b = get(api, "/api/1.4/?results=3&seed=b&page=1").body();
            assertEquals(uuids(a), uuids(again));
            assertNotEquals(uuids(a), uuids(b));
            assertEquals(3, uuids(a).trim().split(" ").length);
            assertTrue(a.endsWith("\"info\":{\"seed\":\"a\",\"results\":3,\"page\":1,\"version\":\"1.4\"}}"), a);
            assertEquals(3, api.requests());
        }
    }

    @Test
    void theBudgetRefusesWhatGoesOverAWindowWith429AndNoRetryAfterUntilTheNextWindow() throws Exception {
        try (FakeRandomUserApi api = FakeRandomUserApi.start()) {
            api.limitUsers(50, java.time.Duration.ofSeconds(2));
            assertEquals(200, get(api, "/api/1.4/?results=30&seed=a").statusCode());
            assertEquals(200, get(api, "/api/1.4/?results=20&seed=b").statusCode());
            HttpResponse<String> over = get(api, "/api/1.4/?results=1&seed=c");
            assertEquals(429, over.statusCode());
            assertTrue(over.headers().firstValue("Retry-After").isEmpty(), "the real API gives no Retry-After");
            assertTrue(over.body().contains("ease up there cowboy"), over.body());
            assertEquals(1, api.rateLimited());
            Thread.sleep(2100);
            assertEquals(200, get(api, "/api/1.4/?results=50&seed=c").statusCode(), "a new window");
            assertEquals(100, api.usersServed());
        }
    }

    @Test
    void scriptedFailuresComeFirstThenNormalAnswers() throws Exception {
        try (FakeRandomUserApi api = FakeRandomUserApi.start()) {
            api.failWith(429, 1);
            HttpResponse<String> limited = get(api, "/api/1.4/?results=1&seed=x");
            assertEquals(429, limited.statusCode());
            assertEquals("1", limited.headers().firstValue("Retry-After").orElseThrow());
            assertEquals(200, get(api, "/api/1.4/?results=1&seed=x").statusCode());
            api.setDown(true);
            assertEquals(503, get(api, "/api/1.4/?results=1&seed=x").statusCode());
            api.setDown(false);
            assertEquals(404, get(api, "/api/1.2/?results=1").statusCode());
        }
    }

    @Test
    void servesTheRecordedNarrowUsersForTheRecordedIncOnly() throws Exception {
        try (FakeRandomUserApi api = FakeRandomUserApi.start()) {
            String narrow = get(api, "/api/1.4/?results=2&seed=n&inc=nat,login,email,name").body();
            assertTrue(narrow.contains("\"login\""), narrow);
            assertTrue(!narrow.contains("\"location\"") && !narrow.contains("\"dob\""), narrow);
            assertTrue(narrow.endsWith("\"info\":{\"seed\":\"n\",\"results\":2,\"page\":1,\"version\":\"1.4\"}}"), narrow);
            assertEquals(400, get(api, "/api/1.4/?results=2&seed=n&inc=name").statusCode());
        }
    }

    @Test
    void changesTheRecordsOfEveryDefaultAnswerAndScriptsFaultsFirst() throws Exception {
        try (FakeRandomUserApi api = FakeRandomUserApi.start()) {
            api.records(records -> {
                records.set(0, "{\"poison\":1e-999999999}");
                records.add("{\"extra\":true}");
                return records;
            });
            api.then(FakeRandomUserApi.redirect(302, "http://127.0.0.1:1/elsewhere"));
            HttpResponse<String> moved = get(api, "/api/1.4/?results=2&seed=p&page=1");
            assertEquals(302, moved.statusCode());
            assertEquals("http://127.0.0.1:1/elsewhere", moved.headers().firstValue("Location").orElseThrow());
            String body = get(api, "/api/1.4/?results=2&seed=p&page=1").body();
            List<String> records = FakeRandomUserApi.splitResults(body);
            assertEquals(3, records.size(), "the extra record is sent");
            assertEquals("{\"poison\":1e-999999999}", records.get(0));
            assertTrue(body.endsWith("\"info\":{\"seed\":\"p\",\"results\":2,\"page\":1,\"version\":\"1.4\"}}"), body);
            assertEquals(2, api.requestLog().size());
            assertEquals("p", api.requestLog().get(1).query().get("seed"));
        }
    }

    @Test
    void servesChosenRecordingsByteForByteWithInfoEchoingTheRequest() throws Exception {
        try (FakeRandomUserApi api = FakeRandomUserApi.start().recordings(r -> "v1.4/seed-single-results-1.json")) {
            String body = get(api, "/api/1.4/?results=1&seed=mine&page=1").body();
            String recording = new String(Fixtures.randomUserBytes("v1.4/seed-single-results-1.json"), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(FakeRandomUserApi.splitResults(recording), FakeRandomUserApi.splitResults(body));
            assertTrue(body.contains("\"info\":{\"seed\":\"mine\",\"results\":1,\"page\":1,\"version\":\"1.4\"}"), body);
        }
    }
}

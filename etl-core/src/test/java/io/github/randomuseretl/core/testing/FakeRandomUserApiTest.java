package io.github.randomuseretl.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeRandomUserApiTest {

    @Test
    void splitsEveryRecordOfTheBulkFixtureEvenWithBracesInsideStrings() {
        String json = new String(Fixtures.randomUserBytes("v1.4/seed-bulk-results-5000.json"), StandardCharsets.UTF_8);
        List<String> records = FakeRandomUserApi.splitResults(json);
        assertEquals(5000, records.size());
        assertTrue(records.stream().allMatch(r -> r.startsWith("{\"gender\"") && r.endsWith("}")));
    }

    @Test
    void splitsRecordsWhosePasswordsHoldQuotesAndBraces() {
        String json = "{\"results\":[{\"login\":{\"password\":\"a\\\"}{]b\"}},{\"x\":1}],\"info\":{}}";
        List<String> records = FakeRandomUserApi.splitResults(json);
        assertEquals(List.of("{\"login\":{\"password\":\"a\\\"}{]b\"}}", "{\"x\":1}"), records);
    }
}

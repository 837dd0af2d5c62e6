package io.github.randomuseretl.adapter.randomuser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Schema;
import io.github.randomuseretl.core.model.RejectionReason;
import io.github.randomuseretl.core.testing.PoisonRecords;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The schema pre-check ({@link SurelyValid}) never changes a verdict or a reason: for every recorded
 * record and every systematic mutation (each field removed, nulled, given each wrong type, bad
 * formats, numbers out of range, strings at and over their maximum length, white space a regular
 * expression engine may read differently, extra fields, LEGO without a country), under both API
 * versions' contracts, {@link Contract#check} gives exactly networknt's reasons, and whenever the
 * pre-check says "surely valid", networknt finds nothing. And it does serve: nearly every real record
 * takes the fast path.
 */
class SurelyValidDifferentialTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Map<ApiVersion, Schema> SCHEMAS = Map.of(ApiVersion.V1_3, Contract.user(ApiVersion.V1_3),
            ApiVersion.V1_4, Contract.user(ApiVersion.V1_4));
    private static final Map<ApiVersion, SurelyValid> FAST = Map.of(ApiVersion.V1_3, fast("user-1.3.schema.json"),
            ApiVersion.V1_4, fast("user-1.4.schema.json"));

    /** Values each field is set to in turn. */
    private static final List<JsonNode> REPLACEMENTS = List.of(
            NODES.nullNode(), NODES.stringNode("x"), NODES.stringNode(""), NODES.stringNode(" "), NODES.stringNode("\u00a0"),
            NODES.stringNode("a\u2003b"), NODES.stringNode("\t"), NODES.numberNode(0), NODES.numberNode(1), NODES.numberNode(-1),
            NODES.numberNode(91), NODES.numberNode(-181), NODES.numberNode(201), NODES.numberNode(new BigDecimal("1.0")),
            NODES.numberNode(new BigDecimal("45.5")), NODES.numberNode(new BigDecimal("-90.0001")), NODES.numberNode(123456789012L),
            NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890")), NODES.booleanNode(true),
            NODES.booleanNode(false), NODES.objectNode(), NODES.arrayNode(), NODES.arrayNode().add("x"),
            NODES.stringNode("LEGO"), NODES.stringNode("DE"), NODES.stringNode("female"), NODES.stringNode("Female"),
            NODES.stringNode("not-a-uuid"), NODES.stringNode("BEEA3FBC-58D6-4454-BF7F-EE72B2BB9A66"),
            NODES.stringNode("beea3fbc-58d6-4454-bf7f-ee72b2bb9a6"), NODES.stringNode("beea3fbc-58d6-4454-bf7f-ee72b2bb9a66"),
            NODES.stringNode("2099-01-01T00:00:00Z"), NODES.stringNode("1995-02-10T17:25:12.032Z"), NODES.stringNode("2023-02-29T00:00:00Z"),
            NODES.stringNode("2024-02-29T23:59:59Z"), NODES.stringNode("1995-02-10T24:00:00Z"), NODES.stringNode("1995-02-10T23:59:60Z"),
            NODES.stringNode("1995-02-10T17:25:12+02:00"), NODES.stringNode("1995-02-10t17:25:12z"), NODES.stringNode("0000-01-01T00:00:00Z"),
            NODES.stringNode("1995-02-10"), NODES.stringNode("jane.doe@example.com"), NODES.stringNode("jane..doe@example.com"),
            NODES.stringNode("nobody@"), NODES.stringNode("jane@example.invalid"), NODES.stringNode("jäne@example.com"),
            NODES.stringNode("Jane@Example.com"), NODES.stringNode("https://randomuser.me/api/portraits/men/1.jpg"),
            NODES.stringNode("ftp://x"), NODES.stringNode("http:// x"), NODES.stringNode("+5:45"), NODES.stringNode("-3:30"),
            NODES.stringNode("0:00"), NODES.stringNode("15:00"), NODES.stringNode("90"), NODES.stringNode("90.5"),
            NODES.stringNode("-180.000"), NODES.stringNode("1e2"), NODES.stringNode("a".repeat(36)), NODES.stringNode("a".repeat(50)),
            NODES.stringNode("a".repeat(51)), NODES.stringNode("a".repeat(100)), NODES.stringNode("a".repeat(101)),
            NODES.stringNode("a".repeat(200)), NODES.stringNode("a".repeat(201)), NODES.stringNode("\ud83d\ude00".repeat(50)),
            NODES.stringNode("\ud83d\ude00".repeat(100)), NODES.stringNode("\ud83d\ude00".repeat(101)), NODES.stringNode("a".repeat(2001)));

    @Test
    void everyRecordedRecordGetsNetworkntsReasonsAndNearlyAllTakeTheFastPath() {
        int records = 0;
        int fast = 0;
        List<String> files = new ArrayList<>(FixtureRecords.ofVersions13And14());
        files.add("v1.0/seed-fixture-results-200.json");
        for (String file : files) {
            for (String record : PoisonRecords.records(file)) {
                JsonNode tree = RecordReader.read(record).root();
                for (ApiVersion version : SCHEMAS.keySet()) {
                    boolean took = assertSameReasons(version, tree, record);
                    if (version == (file.startsWith("v1.3") ? ApiVersion.V1_3 : ApiVersion.V1_4) && !file.startsWith("v1.0")) {
                        records++;
                        fast += took ? 1 : 0;
                    }
                }
            }
        }
        assertTrue(records > 7_000, "judged " + records + " records");
        assertTrue(fast >= records * 0.95, "the fast path served " + fast + " of " + records + " recorded records");
    }

    @Test
    void everyFieldRemovedNulledOrGivenAnotherValueGetsNetworkntsReasons() {
        for (String record : sample(1)) {
            ObjectNode root = (ObjectNode) RecordReader.read(record).root();
            JsonPlaces.each(root, NODES.nullNode(), place -> {
                JsonNode original = place.get();
                place.remove();
                assertSameReasonsUnderBoth(root);
                for (JsonNode replacement : REPLACEMENTS) {
                    place.set(replacement);
                    assertSameReasonsUnderBoth(root);
                }
                place.set(original);
            });
            root.put("extra", "field");
            root.putObject("extraObject").put("deep", 1);
            assertSameReasonsUnderBoth(root);
        }
    }

    @Test
    void aFreshPreCheckUsedByFourThreadsAtOnceAnswersAsOneThreadDoes() throws Exception {
        List<JsonNode> trees = new ArrayList<>();
        for (String record : PoisonRecords.records("v1.4/seed-fixture-results-500-page-1.json")) {
            trees.add(RecordReader.read(record).root());
        }
        List<Boolean> alone = new ArrayList<>();
        SurelyValid single = fast("user-1.4.schema.json");
        trees.forEach(t -> alone.add(single.test(t)));
        for (int attempt = 0; attempt < 20; attempt++) {
            // Fresh each time, so the definitions it compiles on first use are compiled under contention.
            SurelyValid shared = fast("user-1.4.schema.json");
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<List<Boolean>>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        List<Boolean> out = new ArrayList<>();
                        trees.forEach(tree -> out.add(shared.test(tree)));
                        return out;
                    }));
                }
                start.countDown();
                for (java.util.concurrent.Future<List<Boolean>> r : results) {
                    assertEquals(alone, r.get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** The expressions the hand-written format checks replaced, verbatim. */
    private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*@example\\.com");
    private static final java.util.regex.Pattern UUID = java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final java.util.regex.Pattern DATE_TIME = java.util.regex.Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})T([01]\\d|2[0-3]):([0-5]\\d):([0-5]\\d)(?:\\.\\d{1,9})?Z");
    /** Characters each position of a format's value is set to, inserted before, in turn. */
    private static final String ODD_CHARS = "09afgzAFZ-._@:.TZtz+ \u0660\uff10\u00e9\ud83d\u0000";

    @Test
    void theHandWrittenFormatChecksAcceptExactlyWhatTheirExpressionsMatch() {
        List<String> seeds = new ArrayList<>(List.of("jane.doe@example.com", "a@example.com", "a-b_c.d9@example.com", "@example.com",
                "beea3fbc-58d6-4454-bf7f-ee72b2bb9a66", "1995-02-10T17:25:12Z", "1995-02-10T17:25:12.032Z",
                "2024-02-29T23:59:59.123456789Z", "0001-01-01T00:00:00.1Z", "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
                "2000-02-29T00:00:00Z", "2021-04-31T00:00:00Z", "2021-00-10T00:00:00Z", "2021-13-10T00:00:00Z", "2021-12-00T00:00:00Z",
                "1995-02-10T20:00:00.Z", "1995-02-10T17:25:12.0123456789Z"));
        // And every recorded record's e-mail, uuid and date-times.
        for (String file : FixtureRecords.ofVersions13And14()) {
            List<String> records = PoisonRecords.records(file);
            for (String record : records.subList(0, Math.min(20, records.size()))) {
                JsonNode tree = RecordReader.read(record).root();
                for (String pointer : List.of("/email", "/login/uuid", "/dob/date", "/registered/date")) {
                    if (tree != null && tree.at(pointer).isString()) {
                        seeds.add(tree.at(pointer).stringValue());
                    }
                }
            }
        }
        int accepted = 0;
        for (String seed : seeds) {
            for (String s : mutations(seed)) {
                accepted += assertFormatsAgree(s);
            }
        }
        assertTrue(accepted > 1_000, "only " + accepted + " values were accepted: the mutations hardly test the accepting paths");
    }

    @Property(tries = 3000)
    void theHandWrittenFormatChecksAgreeWithTheirExpressionsOnAnyText(@ForAll("formatLike") String s) {
        assertFormatsAgree(s);
    }

    @Provide
    Arbitrary<String> formatLike() {
        return Arbitraries.strings().withChars("0123456789abcdefxz-._@:TZ+").ofMinLength(0).ofMaxLength(40)
                .map(s -> s.length() > 12 && s.hashCode() % 2 == 0 ? s.substring(0, s.length() - 12) + "@example.com" : s);
    }

    /** @return how many of the three formats accept it */
    private static int assertFormatsAgree(String s) {
        assertEquals(EMAIL.matcher(s).matches(), SurelyValid.email(s), () -> "email: " + s);
        assertEquals(UUID.matcher(s).matches(), SurelyValid.uuid(s), () -> "uuid: " + s);
        java.util.regex.Matcher m = DATE_TIME.matcher(s);
        boolean dateTime = false;
        if (m.matches()) {
            try {
                java.time.LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
                dateTime = Integer.parseInt(m.group(1)) >= 1;
            } catch (java.time.DateTimeException e) {
                dateTime = false;
            }
        }
        assertEquals(dateTime, SurelyValid.dateTime(s), () -> "date-time: " + s);
        return (SurelyValid.email(s) ? 1 : 0) + (SurelyValid.uuid(s) ? 1 : 0) + (dateTime ? 1 : 0);
    }

    /** @return the text, each character removed, each position set to and preceded by each odd character, and cut at each position */
    private static List<String> mutations(String s) {
        List<String> out = new ArrayList<>(List.of(s, s + s, s.toUpperCase(java.util.Locale.ROOT)));
        for (int i = 0; i <= s.length(); i++) {
            out.add(s.substring(0, i));
            if (i < s.length()) {
                out.add(s.substring(0, i) + s.substring(i + 1));
            }
            for (int k = 0; k < ODD_CHARS.length(); k++) {
                String c = String.valueOf(ODD_CHARS.charAt(k));
                out.add(s.substring(0, i) + c + s.substring(i));
                if (i < s.length()) {
                    out.add(s.substring(0, i) + c + s.substring(i + 1));
                }
            }
        }
        return out;
    }

    @Provide
    Arbitrary<String> records() {
        return Arbitraries.of(sample(2));
    }

    @Property(tries = 1000)
    void poisonRecordsGetNetworkntsReasons(@ForAll("records") String record, @ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int mutations) {
        JsonNode tree = RecordReader.read(PoisonRecords.mutate(record, seed, mutations)).root();
        if (tree != null) {
            assertSameReasonsUnderBoth(tree);
        }
    }

    private static void assertSameReasonsUnderBoth(JsonNode tree) {
        for (ApiVersion version : SCHEMAS.keySet()) {
            assertSameReasons(version, tree, null);
        }
    }

    /** @return whether the pre-check found the record surely valid */
    private static boolean assertSameReasons(ApiVersion version, JsonNode tree, String text) {
        Schema schema = SCHEMAS.get(version);
        List<RejectionReason> networknt = Contract.checkWithNetworknt(schema, tree);
        boolean surely = FAST.get(version).test(tree);
        String shown = text != null ? text : FixtureRecords.JSON.writeValueAsString(tree);
        if (surely) {
            assertEquals(List.of(), networknt, () -> "the pre-check called this surely valid under " + version + ": " + shown);
        }
        assertEquals(networknt, Contract.check(schema, tree), () -> "reasons differ under " + version + " for " + shown);
        return surely;
    }

    /** @return the first records of every recorded response (LEGO, inc subsets, every nationality, both versions) */
    private static List<String> sample(int perFile) {
        List<String> out = new ArrayList<>();
        for (String file : FixtureRecords.ofVersions13And14()) {
            List<String> records = PoisonRecords.records(file);
            out.addAll(records.subList(0, Math.min(perFile, records.size())));
        }
        return out;
    }

    private static SurelyValid fast(String resource) {
        try (InputStream in = Contract.class.getResourceAsStream(resource)) {
            SurelyValid fast = SurelyValid.of(FixtureRecords.JSON.readTree(in));
            assertNotNull(fast, resource + " uses only keywords the pre-check understands");
            return fast;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

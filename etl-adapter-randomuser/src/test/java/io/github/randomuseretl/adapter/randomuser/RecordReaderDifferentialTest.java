package io.github.randomuseretl.adapter.randomuser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.testing.PoisonRecords;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
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
 * The reader that allocates less (issue 16) reads every record exactly as the reader before it
 * ({@link ReferenceRecordReader}, kept verbatim): the same tree, node for node and number type for
 * number type, and the same reasons in the same order, over every recorded record and every
 * systematic mutation of a sample of them: each field removed, nulled, given each wrong type, bad
 * formats, numbers out of range, extra fields, keys twice or escaped, NUL and lone surrogates, and the
 * text cut at every position.
 */
class RecordReaderDifferentialTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Values each field is set to in turn: every JSON type, and numbers and text at and beyond the limits. */
    private static final List<JsonNode> REPLACEMENTS = List.of(
            NODES.nullNode(), NODES.stringNode("x"), NODES.stringNode(""), NODES.stringNode(" "), NODES.numberNode(1),
            NODES.numberNode(-1), NODES.numberNode(1.5), NODES.numberNode(123456789012L), NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890")),
            NODES.booleanNode(true), NODES.objectNode(), NODES.arrayNode(), NODES.stringNode("not-a-uuid"), NODES.stringNode("2099-01-01T00:00:00Z"),
            NODES.stringNode("nobody@"), NODES.stringNode("ftp://x"), NODES.stringNode("a".repeat(300)));
    /** Number texts for the text-level mutations: plain, long, with exponents at and past the limits. */
    private static final List<String> NUMBER_TEXTS = List.of("0", "-0", "7", "-123456789", "1234567890", "99999999999999999999",
            "1e3", "1E+3", "1e-999", "1e1000", "1e1001", "1e-1001", "0.000e99999", "1" + "0".repeat(99), "1" + "0".repeat(100),
            "0." + "0".repeat(98) + "1", "1.5e0000000001", "1e0000000000001", "-0.0e-5", "3.14159");

    @Test
    void everyRecordedRecordReadsAlike() {
        int n = 0;
        List<String> files = new ArrayList<>(FixtureRecords.ofVersions13And14());
        files.add("v1.0/seed-fixture-results-200.json");
        for (String file : files) {
            for (String record : FixtureRecords.records(file)) {
                assertReadsAlike(record);
                n++;
            }
            for (String record : PoisonRecords.records(file)) {
                assertReadsAlike(record);
                n++;
            }
        }
        assertTrue(n > 10_000, "read " + n + " records");
    }

    @Test
    void everyFieldRemovedNulledOrGivenAnotherTypeReadsAlike() {
        for (String record : sample()) {
            ObjectNode root = (ObjectNode) FixtureRecords.JSON.readTree(record);
            JsonPlaces.each(root, NODES.missingNode(), (place) -> {
                JsonNode original = place.get();
                place.remove();
                assertReadsAlike(FixtureRecords.JSON.writeValueAsString(root));
                for (JsonNode replacement : REPLACEMENTS) {
                    place.set(replacement);
                    assertReadsAlike(FixtureRecords.JSON.writeValueAsString(root));
                }
                place.set(original);
            });
            root.put("extra", "field");
            root.putObject("extraObject").put("deep", 1);
            assertReadsAlike(FixtureRecords.JSON.writeValueAsString(root));
        }
    }

    @Test
    void textLevelMutationsReadAlike() {
        for (String record : sample()) {
            for (String number : NUMBER_TEXTS) {
                assertReadsAlike(record.replaceFirst("\"age\":\\d+", "\"age\":" + number));
                assertReadsAlike(record.replaceFirst("\"number\":\\d+", "\"number\":" + number));
                assertReadsAlike(record.replaceFirst("\"password\":\"[^\"]*\"", "\"password\":" + number));
            }
            assertReadsAlike(record.replace("\"email\":", "\"email\":\"a@b.c\",\"email\":"));
            assertReadsAlike(record.replace("\"first\":", "\"first\":1,\"fi\\u0072st\":"));
            assertReadsAlike(record.replace("\"city\":\"", "\"ci\\ty\":1,\"city\":\"\\u0000"));
            assertReadsAlike(record.replace("\"state\":\"", "\"state\":\"\\ud800"));
            assertReadsAlike(record.replace("\"title\":\"", "\"ti\\u00zzle\":\"\\\"quoted\\\" \\\\ \\/ \\b\\f\\n\\r\\t"));
            assertReadsAlike(record.replace("\"login\":{", "\"login\":{\"login\":{},\"sha1\":[1,{\"a\":\"\\ud800\"}],"));
            assertReadsAlike(record.replace("\"nat\":", "\"deep\":" + "[".repeat(40) + "]".repeat(40) + ",\"nat\":"));
            assertReadsAlike(record.replace("\"nat\":", "\"a/b~c\":\"\u0000\",\"nat\":"));
            assertReadsAlike(record.replace("\"street\":{", "\"street\":{\"number\":0,"));
            assertReadsAlike(record.replace("\"login\":{", "\"login\":{\"uuid\":\"a\\\"b\",\"u\\u0075id\":1,"));
            assertReadsAlike(record.replace("\"nat\":", manyKeys(200) + "\"nat\":"));
            assertReadsAlike(record.replace("\"nat\":", manyKeys(200) + "\"k7\":0,\"nat\":"));
            assertReadsAlike(record.replace("\"nat\":", "\"deep\":" + "[".repeat(70) + "{\"a\":1,\"a\":2}" + "]".repeat(70) + ",\"nat\":"));
            assertReadsAlike("[" + record + "]");
            assertReadsAlike(record + " {}");
        }
        String one = sample().get(0);
        for (int cut = 0; cut <= one.length(); cut++) {
            assertReadsAlike(one.substring(0, cut));
        }
        for (String odd : List.of("", " ", "null", "1", "\"text\"", "{", "}", "{\"a\":1,\"a\":2}", "{\"a\\", "{\"a\\u12", "{\"\\u0041\":1,\"A\":2}",
                "{{\"a\":1,\"a\":2}}", "[1,{\"a\":1,\"a\":2}]", "{\"x\":[{\"a\":1},{\"a\":1,\"b\":{\"a\":1,\"a\":2}}],\"x\":3}",
                "{\"a\":1,\"a", "{\"\":1,\"\":2}", "{" + manyKeys(127) + "\"k3\":1}", "{" + manyKeys(128) + "\"k3\":1}",
                "{" + manyKeys(129) + "\"k3\":1}", "{\"a\":{" + manyKeys(127) + "\"z\":1},\"a\":2}",
                "[".repeat(63) + "{\"a\":1,\"a\":2}" + "]".repeat(63), "[".repeat(64) + "{\"a\":1,\"a\":2}" + "]".repeat(64))) {
            assertReadsAlike(odd);
        }
    }

    @Provide
    Arbitrary<String> records() {
        return Arbitraries.of(sample());
    }

    @Property(tries = 1500)
    void poisonRecordsReadAlike(@ForAll("records") String record, @ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int mutations) {
        assertReadsAlike(PoisonRecords.mutate(record, seed, mutations));
    }

    /** @return {@code "k0":0,"k1":0,...} with {@code n} keys, each followed by a comma */
    private static String manyKeys(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("\"k").append(i).append("\":0,");
        }
        return sb.toString();
    }

    private static List<String> sample() {
        List<String> out = new ArrayList<>();
        for (String file : FixtureRecords.ofVersions13And14()) {
            List<String> records = PoisonRecords.records(file);
            out.addAll(records.subList(0, Math.min(2, records.size())));
        }
        return out;
    }

    private static void assertReadsAlike(String text) {
        RecordReader.Result expected = ReferenceRecordReader.read(text);
        RecordReader.Result actual = RecordReader.read(text);
        assertEquals(expected.reasons(), actual.reasons(), () -> "reasons differ for " + text);
        assertEquals(expected.root(), actual.root(), () -> "trees differ for " + text);
        if (expected.root() != null) {
            assertEquals(types(expected.root()), types(actual.root()), () -> "node types differ for " + text);
        }
    }

    /** Every node's class in document order: equal trees could still differ in number types. */
    private static List<String> types(JsonNode node) {
        List<String> out = new ArrayList<>();
        Consumer<JsonNode>[] walk = new Consumer[1];
        walk[0] = n -> {
            out.add(n.getClass().getSimpleName());
            n.values().forEach(walk[0]);
        };
        walk[0].accept(node);
        return out;
    }
}

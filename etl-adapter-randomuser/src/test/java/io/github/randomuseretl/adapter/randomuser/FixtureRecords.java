package io.github.randomuseretl.adapter.randomuser;

import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The records of the recorded responses in testdata/randomuser, as texts and as editable trees for mutation tests. */
final class FixtureRecords {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** The recorded response of {@code inc=name,email,login,nat}: records with only the fields the contract requires. */
    static final String INC_SUBSET = "v1.4/inc-name-email-login-nat-results-100.json";

    /** The recorded responses of versions 1.3 and 1.4 this suite names; {@link #ofVersions13And14()} must hold them all. */
    static final List<String> KNOWN = List.of(
            "v1.3/seed-fixture-results-200.json",
            "v1.4/seed-single-results-1.json",
            "v1.4/seed-fixture-results-500-page-1.json",
            "v1.4/seed-fixture-results-500-page-2.json",
            "v1.4/seed-fixture-results-500-page-3.json",
            "v1.4/seed-bulk-results-5000.json",
            "v1.4/noinfo-results-100.json",
            INC_SUBSET,
            "v1.4/lego-results-50.json",
            "v1.4/password-charset-results-20.json",
            "v1.4/nat-CA-results-50.json",
            "v1.4/nat-GB-results-50.json",
            "v1.4/nat-IR-results-50.json",
            "v1.4/nat-NO-results-50.json",
            "v1.4/nat-NZ-results-50.json",
            "v1.4/nat-TR-results-50.json",
            "v1.4/nat-UA-results-50.json",
            "v1.4/nat-US-results-50.json");

    private FixtureRecords() {
    }

    /**
     * @return every recorded response in the {@code v1.3} and {@code v1.4} folders, as paths
     *         relative to the fixtures folder, sorted: a recording added there is covered without an edit here
     */
    static List<String> ofVersions13And14() {
        List<String> out = new ArrayList<>();
        for (String version : List.of("v1.3", "v1.4")) {
            try (Stream<Path> files = Files.list(Fixtures.randomUserDir().resolve(version))) {
                files.map(p -> version + "/" + p.getFileName()).filter(n -> n.endsWith(".json")).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    static String text(String relative) {
        return new String(Fixtures.randomUserBytes(relative), StandardCharsets.UTF_8);
    }

    /** @return each record of the response as JSON text */
    static List<String> records(String relative) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : JSON.readTree(text(relative)).get("results")) {
            out.add(JSON.writeValueAsString(r));
        }
        return out;
    }

    static RawRecord raw(String json) {
        return new RawRecord(json, new RawRecord.Origin("fixture", 1, 0));
    }

    /** @return the only record of {@code v1.4/seed-single-results-1.json} as an editable tree */
    static ObjectNode single() {
        return (ObjectNode) JSON.readTree(text("v1.4/seed-single-results-1.json")).get("results").get(0);
    }
}

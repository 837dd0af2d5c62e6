package io.github.randomuseretl.bench;

import io.github.randomuseretl.adapter.randomuser.ApiVersion;
import io.github.randomuseretl.adapter.randomuser.JsonSchemaUserValidator;
import io.github.randomuseretl.adapter.randomuser.ValidationStages;
import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.RejectionReason;
import io.github.randomuseretl.core.model.User;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.testing.Fixtures;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Per-user cost of each stage of the randomuser adapter on the 5000 real users of
 * {@code seed-bulk-results-5000.json}: JSON parse, schema validation, mapping, and the three together
 * as {@link JsonSchemaUserValidator#validate} does them. One operation is one user, so the scores
 * read as users/s on one thread (one core). The stages are reached through the adapter's
 * {@link ValidationStages}, the very calls the validator makes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PerUserBenchmarks {

    private static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private String[] texts;
    private RawRecord[] raws;
    private JsonNode[] trees;
    private ValidationStages stages;
    private JsonSchemaUserValidator validator;
    private int next;

    /** Splits the page into its records and prepares every stage's input. */
    @Setup
    public void setUp() throws Exception {
        JsonNode page = JSON.readTree(Fixtures.randomUser("v1.4/seed-bulk-results-5000.json").toFile());
        List<JsonNode> results = new ArrayList<>();
        page.get("results").forEach(results::add);
        int n = results.size();
        texts = new String[n];
        raws = new RawRecord[n];
        trees = new JsonNode[n];
        for (int i = 0; i < n; i++) {
            texts[i] = JSON.writeValueAsString(results.get(i));
            raws[i] = new RawRecord(texts[i], new RawRecord.Origin("bench", 1, i));
        }
        stages = ValidationStages.of(ApiVersion.V1_4, false, Clock.systemUTC());
        for (int i = 0; i < n; i++) {
            trees[i] = stages.read(texts[i]);
        }
        validator = new JsonSchemaUserValidator(ApiVersion.V1_4, false);
    }

    private int next() {
        int i = next;
        next = i + 1 == texts.length ? 0 : i + 1;
        return i;
    }

    /** @return the record's tree: reading one record's text as the validator does (Jackson, with its checks) */
    @Benchmark
    public JsonNode parse() {
        return stages.read(texts[next()]);
    }

    /** @return the reasons (none): the JSON Schema check of one parsed record, as the validator makes it */
    @Benchmark
    public List<RejectionReason> validateSchema() {
        return stages.check(trees[next()]);
    }

    /** @return the reasons (none): the same check by networknt alone, without the pre-check */
    @Benchmark
    public List<RejectionReason> validateSchemaNetworkntOnly() {
        return stages.checkByNetworknt(trees[next()]);
    }

    /** @return the mapped user: one parsed, valid record to the core {@code User} */
    @Benchmark
    public User map() {
        return stages.map(trees[next()]);
    }

    /** @return the outcome: parse, check and map as the pipeline calls them */
    @Benchmark
    public Validation parseValidateMap() {
        return validator.validate(raws[next()]);
    }
}

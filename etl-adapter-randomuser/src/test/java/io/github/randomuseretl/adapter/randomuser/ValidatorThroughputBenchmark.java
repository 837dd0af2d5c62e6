package io.github.randomuseretl.adapter.randomuser;

import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.util.Locale;
import java.util.function.IntSupplier;
import tools.jackson.databind.JsonNode;

/**
 * Prints how many users per second one thread (one core) turns from response bytes into checked core
 * users: stream-parse ({@link PageReader}), JSON Schema validation and mapping
 * ({@link JsonSchemaUserValidator}) of {@code v1.4/seed-bulk-results-5000.json}, the API's largest
 * page. For comparison it prints, from the same run, the two halves alone and a baseline: Jackson
 * reading the whole page into one tree. Prints figures, asserts nothing.
 *
 * <p>Run from the repository root (see the module README):
 * <pre>
 * mvn -B -q -pl etl-adapter-randomuser test-compile
 * mvn -B -q -pl etl-adapter-randomuser dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -cp etl-adapter-randomuser/target/test-classes:etl-adapter-randomuser/target/classes:$(cat etl-adapter-randomuser/target/bench.cp) \
 *     io.github.randomuseretl.adapter.randomuser.ValidatorThroughputBenchmark
 * </pre>
 */
public final class ValidatorThroughputBenchmark {

    private static final String FIXTURE = "v1.4/seed-bulk-results-5000.json";
    private static final int WARMUP_ROUNDS = 8;
    private static final int MEASURED_ROUNDS = 10;

    private ValidatorThroughputBenchmark() {
    }

    /**
     * @param args ignored
     * @throws Exception if the fixture cannot be read
     */
    public static void main(String[] args) throws Exception {
        byte[] page = Fixtures.randomUserBytes(FIXTURE);
        JsonSchemaUserValidator validator = new JsonSchemaUserValidator(ApiVersion.V1_4, false, Clock.systemUTC());
        PageReader.Expected expected = new PageReader.Expected("benchmark", 1, 5000, "bulk", "1.4");
        java.util.List<String> records = FixtureRecords.records(FIXTURE);

        IntSupplier full = () -> {
            int[] accepted = {0};
            read(page, expected, r -> {
                if (validator.validate(r) instanceof Validation.Accepted) {
                    accepted[0]++;
                }
            });
            return accepted[0];
        };
        IntSupplier parseOnly = () -> {
            int[] n = {0};
            read(page, expected, r -> n[0]++);
            return n[0];
        };
        IntSupplier validateOnly = () -> {
            int accepted = 0;
            for (String text : records) {
                if (validator.validate(FixtureRecords.raw(text)) instanceof Validation.Accepted) {
                    accepted++;
                }
            }
            return accepted;
        };
        IntSupplier wholeTree = () -> {
            JsonNode tree = Contract.JSON.readTree(page);
            return tree.get("results").size();
        };

        System.out.printf(Locale.ROOT, "%s: %d users, %.1f MiB; JVM %s, %d cores; one thread%n", FIXTURE, records.size(),
                page.length / 1048576.0, Runtime.version(), Runtime.getRuntime().availableProcessors());
        measure("parse + validate + map (the adapter's path)", full);
        measure("  stream-parse only (PageReader)", parseOnly);
        measure("  validate + map only (from record text)", validateOnly);
        measure("baseline: Jackson readTree of the whole page", wholeTree);
    }

    private static void read(byte[] page, PageReader.Expected expected, java.util.function.Consumer<io.github.randomuseretl.core.model.RawRecord> sink) {
        try {
            PageReader.read(new ByteArrayInputStream(page), expected, new PageReader.Progress(), sink);
        } catch (FetchFailure e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static void measure(String what, IntSupplier round) {
        int users = 0;
        for (int i = 0; i < WARMUP_ROUNDS; i++) {
            users = round.getAsInt();
        }
        if (users != 5000) {
            throw new IllegalStateException(what + ": expected 5000 users per round, got " + users);
        }
        double best = Double.MAX_VALUE;
        long total = 0;
        for (int i = 0; i < MEASURED_ROUNDS; i++) {
            long t0 = System.nanoTime();
            round.getAsInt();
            long elapsed = System.nanoTime() - t0;
            total += elapsed;
            best = Math.min(best, elapsed);
        }
        double mean = total / (double) MEASURED_ROUNDS;
        System.out.printf(Locale.ROOT, "%-48s %,10.0f users/s (mean of %d rounds; best %,.0f users/s; %.1f ms per 5000)%n",
                what, 5000 / (mean / 1e9), MEASURED_ROUNDS, 5000 / (best / 1e9), mean / 1e6);
    }
}

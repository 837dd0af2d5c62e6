package io.github.randomuseretl.bench;

import io.github.randomuseretl.adapter.randomuser.ApiVersion;
import io.github.randomuseretl.adapter.randomuser.JsonSchemaUserValidator;
import io.github.randomuseretl.adapter.randomuser.ValidationStages;
import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.testing.Fixtures;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * CPU time per user of each validation stage, the stages interleaved round by round in one JVM on the
 * 5,000 users of {@code seed-bulk-results-5000.json}: on a shared machine, thread CPU time of stages
 * measured side by side is steadier than JMH's wall-clock throughput of one stage per fork. Prints
 * every round, so warm-up shows; the last rounds are the steady state.
 */
final class StageCpu {

    private StageCpu() {
    }

    static int main(String[] args, PrintStream out) throws Exception {
        int rounds = args.length > 1 && args[0].equals("--rounds") ? Integer.parseInt(args[1]) : 20;
        JsonMapper json = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
        JsonNode page = json.readTree(Fixtures.randomUser("v1.4/seed-bulk-results-5000.json").toFile());
        List<String> texts = new ArrayList<>();
        page.get("results").forEach(r -> texts.add(json.writeValueAsString(r)));
        JsonSchemaUserValidator validator = new JsonSchemaUserValidator(ApiVersion.V1_4, false);
        ValidationStages stages = ValidationStages.of(ApiVersion.V1_4, false, Clock.systemUTC());
        List<JsonNode> trees = new ArrayList<>();
        for (String t : texts) {
            trees.add(stages.read(t));
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double n = texts.size();
        out.printf(Locale.ROOT, "stage CPU per user (µs), %d users per round, load average %s%n", texts.size(), Machine.loadAverage());
        for (int round = 1; round <= rounds; round++) {
            long c0 = threads.getCurrentThreadCpuTime();
            int accepted = 0;
            for (String t : texts) {
                if (validator.validate(new RawRecord(t, new RawRecord.Origin("stages", 1, 0))) instanceof Validation.Accepted) {
                    accepted++;
                }
            }
            long c1 = threads.getCurrentThreadCpuTime();
            texts.forEach(stages::read);
            long c2 = threads.getCurrentThreadCpuTime();
            trees.forEach(stages::check);
            long c3 = threads.getCurrentThreadCpuTime();
            trees.forEach(stages::checkByNetworknt);
            long c4 = threads.getCurrentThreadCpuTime();
            trees.forEach(stages::map);
            long c5 = threads.getCurrentThreadCpuTime();
            if (accepted != texts.size()) {
                out.println("only " + accepted + " accepted: the figures would flatter");
                return 1;
            }
            out.printf(Locale.ROOT, "round %2d: validate (read + check + map) %6.1f | read %5.1f | check with pre-check %5.1f | check by networknt only %5.1f | map %5.1f | load average %s%n",
                    round, (c1 - c0) / n / 1e3, (c2 - c1) / n / 1e3, (c3 - c2) / n / 1e3, (c4 - c3) / n / 1e3, (c5 - c4) / n / 1e3,
                    Machine.loadAverage().split(" ")[0]);
        }
        return 0;
    }
}

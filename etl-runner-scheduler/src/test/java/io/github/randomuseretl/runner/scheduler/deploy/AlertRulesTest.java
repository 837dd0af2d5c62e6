package io.github.randomuseretl.runner.scheduler.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.runner.scheduler.observe.BuildInfo;
import io.github.randomuseretl.runner.scheduler.observe.ProcessMetrics;
import io.github.randomuseretl.runner.scheduler.observe.RunMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * deploy/prometheus/alerts.yml against what the scheduler exposes and against its own tests, without
 * promtool: a rule on a metric name nobody exports never fires, and a rule without a test that shows it
 * firing and not firing is untested.
 */
class AlertRulesTest {

    /**
     * Metrics the rules already use but the scheduler does not export yet, each with the issue adding it.
     * Remove a name once it is exported: a test below fails to remind you.
     */
    private static final Map<String, String> PENDING = Map.of("etl_slots_missing", "issue 11, gaps are visible");

    private static final Pattern METRIC = Pattern.compile("\\b(etl_[a-z0-9_]+)\\b");

    private final JsonNode rules = RepoFiles.yaml("deploy/prometheus/alerts.yml");
    private final JsonNode tests = RepoFiles.yaml("deploy/prometheus/alerts_test.yml");

    @Test
    void everyMetricARuleReadsIsOneTheSchedulerExports() {
        Set<String> exported = exportedNames();
        Set<String> unknown = new TreeSet<>();
        for (Map.Entry<String, String> rule : alerts().entrySet()) {
            Matcher m = METRIC.matcher(rule.getValue());
            while (m.find()) {
                if (!exported.contains(m.group(1)) && !PENDING.containsKey(m.group(1))) {
                    unknown.add(rule.getKey() + ": " + m.group(1));
                }
            }
        }
        assertTrue(unknown.isEmpty(), "rules read metrics the scheduler does not export: " + unknown + "; it exports " + exported);
    }

    @Test
    void aPendingMetricIsNotExportedYet() {
        Set<String> exported = exportedNames();
        for (String name : PENDING.keySet()) {
            assertFalse(exported.contains(name), name + " is exported now: remove it from PENDING");
        }
    }

    @Test
    void everyAlertHasASeverityASummaryAndADescription() {
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.path("alert").asString();
                assertTrue(Set.of("critical", "warning", "info").contains(rule.path("labels").path("severity").asString("")), name);
                assertFalse(rule.path("annotations").path("summary").asString("").isBlank(), name + " has no summary");
                assertFalse(rule.path("annotations").path("description").asString("").isBlank(), name + " has no description");
            }
        }
    }

    @Test
    void everyAlertIsTestedFiringAndNotFiring() {
        assertEquals(List.of("alerts.yml"), strings(tests.path("rule_files")), "the tests load the shipped rules");
        Set<String> firing = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (JsonNode test : tests.path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                (check.path("exp_alerts").size() > 0 ? firing : quiet).add(check.path("alertname").asString());
            }
        }
        Set<String> alerts = alerts().keySet();
        for (String alert : alerts) {
            assertTrue(firing.contains(alert), alert + " has no promtool test in which it fires");
            assertTrue(quiet.contains(alert), alert + " has no promtool test in which it stays quiet");
        }
        assertTrue(alerts.containsAll(firing) && alerts.containsAll(quiet), "tests of alerts that do not exist: " + firing + quiet);
    }

    /** @return every alert's name and expression */
    private Map<String, String> alerts() {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                out.put(rule.path("alert").asString(), rule.path("expr").asString());
            }
        }
        assertFalse(out.isEmpty(), "alerts.yml has no alert");
        return out;
    }

    /** @return the metric names of a scrape of the scheduler's run and process meters, as Prometheus sees them */
    private static Set<String> exportedNames() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new RunMetrics(registry);
        try (ProcessMetrics ignored = new ProcessMetrics(registry, new BuildInfo("1.0.0", "abc1234"))) {
            Set<String> names = new TreeSet<>();
            for (String line : registry.scrape().split("\n")) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    names.add(line.split("[{ ]", 2)[0]);
                }
            }
            return names;
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }
}

package io.github.randomuseretl.runner.scheduler.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.testing.ExternalTool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shipped Prometheus files through the real promtool: the alert rules' own unit tests
 * (deploy/prometheus/alerts_test.yml: never succeeded, stale, healthy, failures, missing slots,
 * quarantine spike, source retries, each firing and not firing), and the compose stack's scrape
 * config with the rule file it loads. Without promtool the test is skipped, unless
 * {@code ETL_REQUIRE_PROMTOOL} is set (CI), where it fails.
 */
class PrometheusAlertRulesIT {

    private static final String REQUIRED_BY = "ETL_REQUIRE_PROMTOOL";
    private static final String INSTALL = "apt-get install prometheus, which brings promtool";

    @Test
    void theAlertRulesPassTheirPromtoolUnitTests() {
        Path promtool = ExternalTool.require("promtool", REQUIRED_BY, INSTALL);
        ExternalTool.Result r = promtool(promtool, "test", "rules", "alerts_test.yml");
        assertEquals(0, r.exitCode(), "promtool test rules deploy/prometheus/alerts_test.yml:\n" + r.output());
        assertTrue(r.output().contains("SUCCESS"), r.output());
    }

    @Test
    void theScrapeConfigAndItsRuleFileAreValid() {
        Path promtool = ExternalTool.require("promtool", REQUIRED_BY, INSTALL);
        ExternalTool.Result config = promtool(promtool, "check", "config", "prometheus.yml");
        assertEquals(0, config.exitCode(), "promtool check config deploy/prometheus/prometheus.yml:\n" + config.output());
        assertTrue(config.output().contains("1 rule files found"), "the config loads alerts.yml:\n" + config.output());
    }

    private static ExternalTool.Result promtool(Path promtool, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        return ExternalTool.run(command, RepoFiles.path("deploy/prometheus"), Map.of(), Duration.ofMinutes(1));
    }
}

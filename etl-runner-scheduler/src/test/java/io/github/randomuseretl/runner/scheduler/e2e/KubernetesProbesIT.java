package io.github.randomuseretl.runner.scheduler.e2e;

import static io.github.randomuseretl.runner.scheduler.e2e.E2e.status;
import static io.github.randomuseretl.runner.scheduler.e2e.JarProcess.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.runner.scheduler.deploy.RepoFiles;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The paths deploy/kubernetes/deployment.yaml probes and scrapes, asked of the shaded jar's {@code serve}
 * while its database is unreachable (a pod that starts before PostgreSQL): the startup and liveness
 * probes pass, readiness fails without restarting anything, and metrics answer.
 */
class KubernetesProbesIT {

    @Test
    void theDeploymentsProbeAndScrapePathsAnswerOnTheRealServer() {
        JsonNode pod = RepoFiles.yaml("deploy/kubernetes/deployment.yaml").path("spec").path("template");
        JsonNode container = pod.path("spec").path("containers").get(0);
        Map<String, String> paths = new LinkedHashMap<>();
        for (String probe : new String[] {"startupProbe", "livenessProbe", "readinessProbe"}) {
            paths.put(probe, container.path(probe).path("httpGet").path("path").asString());
        }
        paths.put("prometheus.io/path", pod.path("metadata").path("annotations").path("prometheus.io/path").asString());

        int port = JarProcess.freePort();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ETL_DB_URL", "jdbc:postgresql://127.0.0.1:" + JarProcess.freePort() + "/nowhere");
        env.put("ETL_DB_USER", "etl");
        env.put("ETL_HTTP_PORT", Integer.toString(port));
        try (JarProcess serve = JarProcess.start(env, "serve")) {
            await("the ops server", Duration.ofSeconds(30), () -> status(port, "/health/live") > 0, serve::describe);
            assertEquals(200, status(port, paths.get("startupProbe")), "startup probe " + paths.get("startupProbe") + "\n" + serve.describe());
            assertEquals(200, status(port, paths.get("livenessProbe")), "liveness probe " + paths.get("livenessProbe"));
            assertEquals(503, status(port, paths.get("readinessProbe")), "readiness " + paths.get("readinessProbe") + " while the database is down");
            assertEquals(200, status(port, paths.get("prometheus.io/path")), "scrape path " + paths.get("prometheus.io/path"));
            assertEquals(404, status(port, "/health/nothing"), "an unknown path is 404, so the 200s above mean something");
            assertTrue(serve.alive(), serve.describe());
            serve.sigterm();
            assertEquals(0, serve.awaitExit(Duration.ofSeconds(30)), serve.describe());
        }
    }
}

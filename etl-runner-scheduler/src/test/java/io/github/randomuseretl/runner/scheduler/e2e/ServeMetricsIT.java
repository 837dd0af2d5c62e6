package io.github.randomuseretl.runner.scheduler.e2e;

import static io.github.randomuseretl.runner.scheduler.e2e.E2e.metrics;
import static io.github.randomuseretl.runner.scheduler.e2e.JarProcess.await;
import static io.github.randomuseretl.runner.scheduler.e2e.JarProcess.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What {@code /metrics} of the shaded jar's {@code serve} offers beside the runs' meters: the JVM,
 * the process, the connection pool (HikariCP's own Micrometer tracker, through the adapter's pool
 * metrics hook), and the build it runs; the alert rules and dashboards rely on these names.
 */
class ServeMetricsIT {

    @RegisterExtension
    static final MigratedEnvironment ENV = new MigratedEnvironment();

    @Test
    void metricsCarryTheJvmTheProcessThePoolAndTheBuild() {
        int port = JarProcess.freePort();
        Map<String, String> env = ENV.env();
        env.put("ETL_SCHEDULE", "every 5s");
        env.put("ETL_HTTP_PORT", Integer.toString(port));
        try (JarProcess serve = JarProcess.start(env, "serve")) {
            Instant started = Instant.now();
            await("a successful tick", Duration.ofSeconds(60), () -> metric(metrics(port), "etl_runs_total{status=\"succeeded\"}") >= 1,
                    serve::describe);
            String m = metrics(port);
            for (String series : List.of("jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads ", "jvm_classes_loaded_classes ",
                    "jvm_info{", "process_cpu_usage ", "process_start_time_seconds ", "process_uptime_seconds ", "process_files_open_files ",
                    "system_cpu_count ")) {
                assertTrue(m.contains("\n" + series) || m.contains(series), "no " + series + " in /metrics:\n" + m);
            }
            // The pool the runs used, by its name.
            Matcher pool = Pattern.compile("(?m)^hikaricp_connections_max\\{pool=\"(randomuser-etl-\\d+)\"} (\\S+)$").matcher(m);
            assertTrue(pool.find(), "no hikaricp_connections_max of the runner's pool:\n" + m);
            assertEquals(2.0, Double.parseDouble(pool.group(2)), "ETL_DB_POOL_SIZE=2 in these tests");
            assertTrue(metric(m, "hikaricp_connections_acquire_seconds_count{pool=\"" + pool.group(1) + "\"}") >= 1,
                    "the runs borrowed connections from the pool:\n" + m);
            // What is deployed: the pom's version, and a commit (unknown unless the build was told).
            Matcher build = Pattern.compile("(?m)^etl_build_info\\{commit=\"([^\"]+)\",version=\"(\\d+\\.\\d+\\.\\d+(?:-SNAPSHOT)?)\"} 1(?:\\.0)?$")
                    .matcher(m);
            assertTrue(build.find(), "no etl_build_info{commit,version} 1:\n" + m);
            assertTrue(metric(m, "etl_last_success_timestamp_seconds") >= started.getEpochSecond() - 5, m);
            serve.sigterm();
            assertEquals(0, serve.awaitExit(Duration.ofSeconds(30)), serve.describe());
        }
    }
}

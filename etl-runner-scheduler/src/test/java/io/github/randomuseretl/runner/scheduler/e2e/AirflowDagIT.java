package io.github.randomuseretl.runner.scheduler.e2e;

import static io.github.randomuseretl.runner.scheduler.e2e.JarProcess.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.testing.ExternalTool;
import io.github.randomuseretl.runner.scheduler.cli.ExitCode;
import io.github.randomuseretl.runner.scheduler.deploy.RepoFiles;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * deploy/airflow/randomuser_etl_dag.py without Airflow: its task's command is rendered with Jinja2 for a
 * logical date (deploy/airflow/render_task.py reads the DAG's constants from its syntax tree) and then
 * run as the task would run it, against PostgreSQL and the fake randomuser.me API: the BashOperator's
 * command through bash with the shaded jar, and the pod's arguments after the image's entrypoint
 * ({@code java -jar}). The exit codes it meets are the ones the DAG's retry policy names. Without
 * python3 and Jinja2 the class is skipped, unless {@code ETL_REQUIRE_JINJA2} is set (CI), where it fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AirflowDagIT {

    private static final String DAG = "deploy/airflow/randomuser_etl_dag.py";
    private static final String RENDER = "deploy/airflow/render_task.py";
    /** A minute DAG run: its data interval is [00:05, 00:06). */
    private static final String LOGICAL_DATE = "2026-01-01T00:05:00+00:00";
    private static final Instant SLOT = Instant.parse("2026-01-01T00:05:00Z");

    @RegisterExtension
    static final MigratedEnvironment ENV = new MigratedEnvironment();

    private static Path python;
    private static JsonNode task;

    @BeforeAll
    static void renderTheTask() {
        python = ExternalTool.require("/usr/bin/python3", "ETL_REQUIRE_JINJA2", "apt-get install python3-jinja2");
        ExternalTool.Result jinja = ExternalTool.run(List.of(python.toString(), "-c", "import jinja2"), RepoFiles.root(), Map.of(),
                Duration.ofSeconds(30));
        if (jinja.exitCode() != 0) {
            ExternalTool.missing("Jinja2 not importable by /usr/bin/python3", "ETL_REQUIRE_JINJA2", "apt-get install python3-jinja2");
        }
        ExternalTool.Result rendered = ExternalTool.run(List.of(python.toString(), "-B", RepoFiles.path(RENDER).toString(),
                "--dag", RepoFiles.path(DAG).toString(), "--logical-date", LOGICAL_DATE), RepoFiles.root(), Map.of(), Duration.ofSeconds(30));
        assertEquals(0, rendered.exitCode(), RENDER + ":\n" + rendered.output());
        task = JsonMapper.builder().build().readTree(rendered.output());
    }

    @Test
    @Order(1)
    void theDagRunsEveryMinuteAndItsTaskRunsTheMinuteTheDataIntervalStarts() {
        assertEquals("* * * * *", task.path("schedule").asString());
        assertEquals(LOGICAL_DATE, task.path("slot").asString());
        List<String> args = new ArrayList<>();
        task.path("run_arguments").forEach(a -> args.add(a.asString()));
        assertEquals(List.of("run", "--slot", LOGICAL_DATE), args, "the container's arguments");
        assertTrue(task.path("bash_command").asString().endsWith(" run --slot " + LOGICAL_DATE), task.path("bash_command").asString());
        // The DAG file is valid Python for the worker (compiled, not imported: that needs Airflow).
        ExternalTool.Result compiled = ExternalTool.run(List.of(python.toString(), "-B", "-c",
                "import sys; compile(open(sys.argv[1], encoding='utf-8').read(), sys.argv[1], 'exec')", RepoFiles.path(DAG).toString()),
                RepoFiles.root(), Map.of(), Duration.ofSeconds(30));
        assertEquals(0, compiled.exitCode(), compiled.output());
    }

    @Test
    @Order(2)
    void theRenderedBashCommandLoadsTheSlotAndTheRenderedPodArgumentsFindItLoaded() {
        ExternalTool.Result bash = bash(ENV.env());
        assertEquals(ExitCode.OK, bash.exitCode(), bash.output());
        assertTrue(bash.output().contains("slot 2026-01-01T00:05Z succeeded"), bash.output());
        Ledger ledger = new Ledger(ENV.db());
        assertEquals(List.of("succeeded"), ledger.runs(SLOT).stream().map(Ledger.Run::status).toList(), ledger.toString());
        assertEquals(E2e.USERS_PER_RUN, ledger.users());

        // A retry, a cleared task or the other variant: the same minute is found loaded, exit 0, nothing twice.
        JarProcess pod = JarProcess.run(ENV.env(), podArguments());
        assertEquals(ExitCode.OK, pod.exitCode(), pod.describe());
        assertTrue(pod.out().contains("was already loaded"), pod.describe());
        assertEquals(E2e.USERS_PER_RUN, ledger.users());
        assertEquals("success", policy(ExitCode.OK));
    }

    @Test
    @Order(3)
    void aSlotHeldByAnotherProcessExitsFourWhichTheDagRetriesAndTheRetryLoadsIt() {
        Instant slot = Instant.parse("2026-01-01T00:06:00Z");
        ENV.api().delay(Duration.ofSeconds(6));
        Map<String, String> env = ENV.env();
        Ledger ledger = new Ledger(ENV.db());
        try (JarProcess holder = JarProcess.start(env, "run", "--slot", "2026-01-01T00:06Z")) {
            await("the other process to hold the slot", Duration.ofSeconds(30),
                    () -> ledger.runs(slot).stream().anyMatch(r -> r.status().equals("running")), holder::describe);
            ExternalTool.Result busy = bash(env, "2026-01-01T00:06:00+00:00");
            assertEquals(ExitCode.SLOT_BUSY, busy.exitCode(), busy.output());
            assertEquals("retry", policy(ExitCode.SLOT_BUSY), "exit 4 is retried");
            assertEquals(0, holder.awaitExit(Duration.ofSeconds(60)), holder.describe());
        } finally {
            ENV.api().delay(Duration.ZERO);
        }
        ExternalTool.Result retry = bash(env, "2026-01-01T00:06:00+00:00");
        assertEquals(ExitCode.OK, retry.exitCode(), "the retry finds the minute loaded:\n" + retry.output());
    }

    @Test
    @Order(4)
    void aWrongSettingExitsTwoWhichTheDagDoesNotRetry() {
        Map<String, String> env = ENV.env();
        env.put("ETL_USERS_PER_RUN", "lots");
        ExternalTool.Result wrong = bash(env);
        assertEquals(ExitCode.USAGE, wrong.exitCode(), wrong.output());
        assertTrue(wrong.output().contains("ETL_USERS_PER_RUN"), wrong.output());
        assertEquals("fail", policy(ExitCode.USAGE), "exit 2 fails the task at once");
    }

    @Test
    @Order(5)
    void theRetryPolicyNamesEveryExitCodeOfTheCli() throws IllegalAccessException {
        Map<Integer, String> expected = new TreeMap<>();
        for (Field f : ExitCode.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                expected.put(f.getInt(null), policy(f.getInt(null)));
            }
        }
        assertEquals(expected.size(), task.path("exit_code_policy").size(), "one policy per exit code of ExitCode: " + task.path("exit_code_policy"));
        assertEquals("retry", expected.get(ExitCode.FAILED), "a failed run is retried (the same seed fetches the same users)");
        assertEquals("retry", expected.get(ExitCode.DATABASE_UNAVAILABLE));
        assertEquals("fail", expected.get(ExitCode.INTERNAL));
    }

    private static String policy(int exitCode) {
        String p = task.path("exit_code_policy").path(Integer.toString(exitCode)).asString("");
        assertTrue(List.of("success", "retry", "fail").contains(p), "the DAG's EXIT_CODE_POLICY has no entry for " + exitCode);
        return p;
    }

    /** @return the pod's arguments, rendered */
    private static String[] podArguments() {
        List<String> args = new ArrayList<>();
        task.path("run_arguments").forEach(a -> args.add(a.asString()));
        return args.toArray(String[]::new);
    }

    private static ExternalTool.Result bash(Map<String, String> settings) {
        return bash(settings, null);
    }

    /**
     * Runs the rendered BashOperator command as Airflow's worker does ({@code bash -c}), with the jar in
     * {@code RANDOMUSER_ETL_JAR} and the settings in the environment.
     *
     * @param logicalDate another logical date to render the command for, or {@code null}
     */
    private static ExternalTool.Result bash(Map<String, String> settings, String logicalDate) {
        String command = task.path("bash_command").asString();
        if (logicalDate != null) {
            command = command.replace(LOGICAL_DATE, logicalDate);
        }
        Map<String, String> env = new LinkedHashMap<>(settings);
        env.put("RANDOMUSER_ETL_JAR", JarProcess.jar().toAbsolutePath().toString());
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx192m");
        return ExternalTool.run(List.of("bash", "-c", command), RepoFiles.root(), env, Duration.ofMinutes(2));
    }
}

package io.github.randomuseretl.runner.lambda;

import static io.github.randomuseretl.runner.lambda.LambdaHandlerTest.bytes;
import static io.github.randomuseretl.runner.lambda.LambdaHandlerTest.resource;
import static io.github.randomuseretl.runner.lambda.LambdaHandlerTest.scheduler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.testing.FakeRandomUserApi;
import io.github.randomuseretl.core.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shaded jar started as Lambda starts it: unpacked into a task root, run by the real AWS Lambda
 * Runtime Interface Client in a child JVM, fed events through a Runtime API on loopback; the answers
 * and the database are checked, and the cold and warm timings printed.
 */
class RuntimeInterfaceClientIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    /** This build's, or {@code -Detl.lambda.jar=PATH} to time another build (a baseline) with the same test. */
    static final Path JAR = Path.of(System.getProperty("etl.lambda.jar", "target/randomuser-etl-lambda.jar"));
    static final String HANDLER = LambdaHandler.class.getName() + "::handleRequest";
    /** 100, or {@code -Detl.lambda.users=N} to time a larger run (README "Performance": 1,000). */
    private static final int USERS_PER_RUN = Integer.getInteger("etl.lambda.users", 100);
    private static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(60);
    private static final long ANSWER_TIMEOUT_SECONDS = 60;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path work;

    private static FakeRandomUserApi api;
    private static Path taskRoot;

    @BeforeAll
    static void unpackAndStartApi() throws IOException {
        taskRoot = LambdaProcess.unpack(JAR, work);
        api = FakeRandomUserApi.start();
    }

    @AfterAll
    static void stopApi() {
        api.close();
    }

    private static Map<String, String> functionEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("ETL_DB_URL", DB.jdbcUrl());
        env.put("ETL_DB_USER", DB.user());
        env.put("ETL_DB_PASSWORD", DB.password());
        env.put("ETL_SOURCE_URL", api.baseUrl());
        env.put("ETL_USERS_PER_RUN", Integer.toString(USERS_PER_RUN));
        // -Detl.lambda.jvm="-Xlog:class+load=info:file=/tmp/cl-%p.log:uptime": where a cold start's time goes.
        String jvm = System.getProperty("etl.lambda.jvm");
        if (jvm != null) {
            env.put("JAVA_TOOL_OPTIONS", jvm);
        }
        return env;
    }

    @Test
    void theShadedJarCarriesTheHandlerButNotTheRuntimeNorASecondJackson() throws IOException {
        List<String> entries = new ArrayList<>();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                entries.add(e.nextElement().getName());
            }
        }
        assertTrue(entries.contains(LambdaHandler.class.getName().replace('.', '/') + ".class"));
        assertTrue(entries.contains("org/postgresql/Driver.class"));
        assertTrue(entries.contains("io/github/randomuseretl/adapter/postgres/migration/V1__run_ledger.sql"));
        assertTrue(entries.stream().anyMatch(n -> n.startsWith("tools/jackson/databind/")));
        assertFalse(entries.stream().anyMatch(n -> n.startsWith("com/amazonaws/services/lambda/runtime/api/client/")),
                "the managed runtime provides the runtime interface client");
        assertFalse(entries.stream().anyMatch(n -> n.startsWith("com/fasterxml/jackson/databind/")), "one Jackson only");
        assertFalse(entries.stream().anyMatch(n -> n.startsWith("org/joda/")));
        assertFalse(entries.stream().anyMatch(n -> n.endsWith(".txz") || n.startsWith("io/zonky/")),
                "the embedded PostgreSQL and its binaries are the scheduler's alone");
    }

    @Test
    void runsTicksThroughTheRealRuntimeInterfaceClient() throws Exception {
        try (LambdaRuntimeApi runtimeApi = new LambdaRuntimeApi()) {
            LambdaProcess function = LambdaProcess.start(taskRoot, work.resolve("container-1.log"), HANDLER, runtimeApi.address(), functionEnv());
            try {
                // 1. The AWS sample Scheduled Event: one run for its minute (the cold invocation, on a fresh database).
                LambdaRuntimeApi.Answer cold = answer(runtimeApi, resource("events/scheduled-event.json"), function);
                long initMillis = TimeUnit.NANOSECONDS.toMillis(runtimeApi.firstPoll().get() - function.startedNanos());
                JsonNode first = ok(cold);
                assertEquals("2015-10-08T16:53Z", first.get("slot").asString());
                assertEquals(USERS_PER_RUN, first.get("inserted").asInt());
                int requests = api.requests();

                // 2. The same event again: the same report, nothing fetched.
                JsonNode again = ok(answer(runtimeApi, resource("events/scheduled-event.json"), function));
                assertEquals(first.get("runId"), again.get("runId"));
                assertEquals(requests, api.requests());

                // 3. EventBridge Scheduler ticks: one run each (warm invocations).
                List<Long> warm = new ArrayList<>();
                for (int minute = 0; minute < 5; minute++) {
                    LambdaRuntimeApi.Answer a = answer(runtimeApi, scheduler("2026-03-14T09:2" + minute + ":00Z"), function);
                    JsonNode report = ok(a);
                    assertEquals("2026-03-14T09:2" + minute + "Z", report.get("slot").asString());
                    assertEquals(USERS_PER_RUN, report.get("inserted").asInt());
                    warm.add(a.duration().toMillis());
                }

                // 4. An event of another kind: the invocation fails, naming what it expected.
                LambdaRuntimeApi.Answer bad = answer(runtimeApi, bytes("{\"detail-type\":\"Object Created\",\"source\":\"aws.s3\"}"), function);
                assertTrue(bad.error(), bad.body());
                JsonNode error = JSON.readTree(bad.body());
                assertEquals(InvalidEventException.class.getName(), error.get("errorType").asString());
                assertTrue(error.get("errorMessage").asString().startsWith("detail-type must be \"Scheduled Event\""), bad.body());

                assertEquals(6, count("SELECT count(*) FROM randomuser.etl_runs WHERE status = 'succeeded' AND trigger = 'lambda'"));
                assertEquals(6, count("SELECT count(*) FROM randomuser.etl_runs"));
                assertEquals(6L * USERS_PER_RUN, count("SELECT count(*) FROM randomuser.users"));
                function.close();

                // 5. A second container (a cold start on a database already migrated): a new tick runs; the
                //    first tick, redelivered here as a retry may be, returns its report and fetches nothing.
                try (LambdaRuntimeApi secondApi = new LambdaRuntimeApi()) {
                    Map<String, String> jsonLogs = functionEnv();
                    jsonLogs.put("ETL_LOG_FORMAT", "json");
                    function = LambdaProcess.start(taskRoot, work.resolve("container-2.log"), HANDLER, secondApi.address(), jsonLogs);
                    LambdaRuntimeApi.Answer secondCold = answer(secondApi, scheduler("2026-03-14T09:30:00Z"), function);
                    long secondInitMillis = TimeUnit.NANOSECONDS.toMillis(secondApi.firstPoll().get() - function.startedNanos());
                    assertEquals(USERS_PER_RUN, ok(secondCold).get("inserted").asInt());
                    int before = api.requests();
                    JsonNode redelivered = ok(answer(secondApi, resource("events/scheduled-event.json"), function));
                    assertEquals(first.get("runId"), redelivered.get("runId"));
                    assertEquals(before, api.requests());
                    assertEquals(7, count("SELECT count(*) FROM randomuser.etl_runs"));
                    // ETL_LOG_FORMAT=json: the scheduler's encoder, one JSON object per line, redacted alike.
                    List<JsonNode> lines = new ArrayList<>();
                    for (String line : function.output().split("\n")) {
                        if (line.startsWith("{\"ts\"")) {
                            lines.add(JSON.readTree(line));
                        }
                    }
                    assertTrue(lines.stream().anyMatch(l -> l.get("msg").asString().startsWith("initialised pipeline")
                            && l.get("logger").asString().endsWith("LambdaContainer")), function.output());
                    assertTrue(lines.stream().anyMatch(l -> l.get("msg").asString().startsWith("tick 2026-03-14T09:30Z")), function.output());

                    warm.sort(null);
                    System.out.printf(Locale.ROOT, "[lambda] shaded jar under the AWS Lambda RIC, %d users/run, JVM %s:%n"
                                    + "[lambda]   container 1, fresh database: cold init %d ms (JVM start to first poll), first invocation %d ms "
                                    + "(connect, migrate, fetch, load), warm invocations median %d ms (min %d, max %d, n=%d)%n"
                                    + "[lambda]   container 2, schema in place: cold init %d ms, first invocation %d ms (connect, schema check, fetch, load)%n",
                            USERS_PER_RUN, LambdaProcess.javaHome(), initMillis, cold.duration().toMillis(),
                            warm.get(warm.size() / 2), warm.get(0), warm.get(warm.size() - 1), warm.size(),
                            secondInitMillis, secondCold.duration().toMillis());
                }
            } catch (AssertionError | Exception e) {
                System.out.println("--- function output ---\n" + function.output());
                throw e;
            } finally {
                function.close();
            }
        }
    }

    @Test
    void aMissingSettingFailsTheInitWithOneLineNamingIt() throws Exception {
        Map<String, String> env = functionEnv();
        env.remove("ETL_DB_URL");
        try (LambdaRuntimeApi runtimeApi = new LambdaRuntimeApi()) {
            LambdaProcess function = LambdaProcess.start(taskRoot, work.resolve("init-error.log"), HANDLER, runtimeApi.address(), env);
            try {
                String body = runtimeApi.initError().get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                System.out.println("[lambda] init error as the runtime reports it: " + body);
                JsonNode error = JSON.readTree(body);
                assertTrue(error.get("errorMessage").asString().startsWith("ETL_DB_URL must be a JDBC URL"), body);
            } catch (AssertionError | Exception e) {
                System.out.println("--- function output ---\n" + function.output());
                throw e;
            } finally {
                function.close();
            }
        }
    }

    private static LambdaRuntimeApi.Answer answer(LambdaRuntimeApi runtimeApi, byte[] event, LambdaProcess function)
            throws Exception {
        try {
            return runtimeApi.invoke(event, FUNCTION_TIMEOUT).get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer within " + ANSWER_TIMEOUT_SECONDS + " s; function alive: " + function.isAlive(), e);
        }
    }

    private static JsonNode ok(LambdaRuntimeApi.Answer answer) {
        assertFalse(answer.error(), answer.body());
        JsonNode report = JSON.readTree(answer.body());
        assertEquals("succeeded", report.get("status").asString(), answer.body());
        return report;
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = DB.connect(); PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

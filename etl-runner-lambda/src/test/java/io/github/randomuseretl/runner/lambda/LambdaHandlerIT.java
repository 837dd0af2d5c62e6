package io.github.randomuseretl.runner.lambda;

import static io.github.randomuseretl.runner.lambda.LambdaHandlerTest.bytes;
import static io.github.randomuseretl.runner.lambda.LambdaHandlerTest.invoke;
import static io.github.randomuseretl.runner.lambda.LambdaHandlerTest.resource;
import static io.github.randomuseretl.runner.lambda.LambdaHandlerTest.scheduler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.testing.FakeRandomUserApi;
import io.github.randomuseretl.runner.lambda.wiring.LambdaContainer;
import io.github.randomuseretl.core.testing.TestDatabase;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The handler wired as in a Lambda container (the real module, the real adapters), against a real
 * PostgreSQL and a fake randomuser.me on loopback.
 */
class LambdaHandlerIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final int USERS_PER_RUN = 20;
    private static final String SAMPLE_SLOT = "2015-10-08 16:53:00+00";

    private static FakeRandomUserApi api;
    private static LambdaContainer container;
    private static LambdaHandler handler;

    @BeforeAll
    static void startContainer() {
        api = FakeRandomUserApi.start();
        container = LambdaContainer.build(env(DB.jdbcUrl()));
        handler = new LambdaHandler(container.catchUp(), Clock.systemUTC(), LambdaHandler.SAFETY_MARGIN);
    }

    @AfterAll
    static void stopApi() {
        api.close();
    }

    @BeforeEach
    void apiWorks() {
        api.setDown(false);
        api.delay(Duration.ZERO);
    }

    static Map<String, String> env(String dbUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("ETL_DB_URL", dbUrl);
        env.put("ETL_DB_USER", DB.user());
        env.put("ETL_DB_PASSWORD", DB.password());
        env.put("ETL_SOURCE_URL", api.baseUrl());
        env.put("ETL_USERS_PER_RUN", Integer.toString(USERS_PER_RUN));
        env.put("ETL_SOURCE_MAX_RETRIES", "1");
        return env;
    }

    @Test
    void theAwsSampleScheduledEventLoadsTheUsersOfItsMinuteOnce() throws Exception {
        JsonNode report = invoke(handler, resource("events/scheduled-event.json"));

        assertEquals("succeeded", report.get("status").asString());
        assertEquals("2015-10-08T16:53Z", report.get("slot").asString());
        assertEquals(USERS_PER_RUN, report.get("inserted").asInt());
        assertEquals(1, count("SELECT count(*) FROM randomuser.etl_runs WHERE slot = '" + SAMPLE_SLOT
                + "' AND status = 'succeeded' AND trigger = 'lambda'"));
        assertTrue(count("SELECT count(*) FROM randomuser.users") >= USERS_PER_RUN);
    }

    @Test
    void aNarrowFetchWithIncLoadsItsUsersWithTheLeftOutPartsEmpty() throws Exception {
        Map<String, String> narrowEnv = env(DB.jdbcUrl());
        narrowEnv.put("ETL_SOURCE_INC", "name,email,login,nat");
        LambdaHandler narrow = new LambdaHandler(LambdaContainer.build(narrowEnv).catchUp(), Clock.systemUTC(),
                LambdaHandler.SAFETY_MARGIN);

        JsonNode report = invoke(narrow, scheduler("2026-03-14T11:11:00Z"));

        assertEquals("succeeded", report.get("status").asString());
        assertEquals(USERS_PER_RUN, report.get("inserted").asInt());
        assertEquals(0, report.get("rejected").asInt());
        assertEquals(USERS_PER_RUN, count("SELECT count(*) FROM randomuser.users u JOIN randomuser.etl_runs r ON u.last_run_id = r.run_id"
                + " WHERE r.slot = '2026-03-14 11:11:00+00' AND u.email LIKE '%@example.com'"
                + " AND u.street_name IS NULL AND u.date_of_birth IS NULL AND u.gender IS NULL AND u.picture_large IS NULL"));
    }

    @Test
    void withAnArchiveTheFunctionStoresTheTicksPageBeforeLoadingItAndTheLedgerListsIt(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        Map<String, String> archiving = env(DB.jdbcUrl());
        archiving.put("ETL_ARCHIVE_URL", dir.toUri().toString());
        LambdaContainer archivingContainer = LambdaContainer.build(archiving);
        LambdaHandler withArchive = new LambdaHandler(archivingContainer.catchUp(), Clock.systemUTC(), LambdaHandler.SAFETY_MARGIN);

        JsonNode report;
        try {
            report = invoke(withArchive, scheduler("2026-03-14T12:34:00Z"));
        } finally {
            // Its database connection must not count as the shared container's in the other tests.
            archivingContainer.checkpoint().beforeCheckpoint(null);
        }

        assertEquals("succeeded", report.get("status").asString());
        java.nio.file.Path page = dir.resolve("randomuser/api=1.4/date=2026-03-14/slot=1234/attempt=1/page-1.json.gz");
        assertTrue(java.nio.file.Files.isRegularFile(page));
        assertTrue(java.nio.file.Files.isRegularFile(page.resolveSibling("manifest.tsv.gz")));
        assertEquals(2, count("SELECT jsonb_array_length(archived) FROM randomuser.etl_runs WHERE slot = '2026-03-14 12:34:00+00'"));
    }

    @Test
    void theSameEventDeliveredTwiceRunsOnceAndTheSecondDeliveryFetchesNothing() throws Exception {
        byte[] event = scheduler("2026-03-14T09:27:00Z");
        JsonNode first = invoke(handler, event);
        int requests = api.requests();
        long users = count("SELECT count(*) FROM randomuser.users");

        JsonNode second = invoke(handler, event);

        assertEquals(first.get("runId"), second.get("runId"));
        assertEquals("succeeded", second.get("status").asString());
        assertEquals(requests, api.requests(), "a duplicate delivery must not call the API");
        assertEquals(users, count("SELECT count(*) FROM randomuser.users"));
        assertEquals(1, count("SELECT count(*) FROM randomuser.etl_runs WHERE slot = '2026-03-14 09:27:00+00'"));
    }

    @Test
    void aFailedFetchFailsTheInvocationWritesNoUserAndLambdasRetryLoadsTheSlot() throws Exception {
        byte[] event = scheduler("2026-03-14T09:40:00Z");
        api.setDown(true);
        long users = count("SELECT count(*) FROM randomuser.users");

        RunFailedException e = assertThrows(RunFailedException.class, () -> invoke(handler, event));

        assertTrue(e.getMessage().startsWith("run "), e.getMessage());
        assertTrue(e.getMessage().contains("for slot 2026-03-14T09:40Z (attempt 1) failed: source: "), e.getMessage());
        assertEquals(users, count("SELECT count(*) FROM randomuser.users"));
        assertEquals(1, count("SELECT count(*) FROM randomuser.etl_runs WHERE slot = '2026-03-14 09:40:00+00' AND status = 'failed'"));

        api.setDown(false);
        JsonNode retry = invoke(handler, event);

        assertEquals("succeeded", retry.get("status").asString());
        assertEquals(2, retry.get("attempt").asInt());
        assertEquals(USERS_PER_RUN, retry.get("inserted").asInt());
    }

    @Test
    void stopsFetchingBeforeTheInvocationRunsOutOfTimeAndLeavesNoHalfWrittenBatch() throws Exception {
        api.delay(Duration.ofSeconds(4));
        long users = count("SELECT count(*) FROM randomuser.users");
        long started = System.nanoTime();

        // 7 s left, 5 s kept back: the run must give up after about 2 s, well before the API answers.
        RunFailedException e = assertThrows(RunFailedException.class,
                () -> invoke(handler, scheduler("2026-03-14T09:50:00Z"), 7_000));

        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMillis < 4_000, "gave up after " + tookMillis + " ms");
        assertTrue(e.getMessage().contains("for slot 2026-03-14T09:50Z (attempt 1) failed: "), e.getMessage());
        assertEquals(users, count("SELECT count(*) FROM randomuser.users"));
        assertEquals(1, count("SELECT count(*) FROM randomuser.etl_runs WHERE slot = '2026-03-14 09:50:00+00' AND status = 'failed'"));
    }

    @Test
    void theCheckpointHookClosesTheConnectionAndTheNextInvocationOpensAFreshOne() throws Exception {
        invoke(handler, scheduler("2026-03-14T10:00:00Z"));
        assertEquals(1, connectionsOfTheFunction(1));

        container.checkpoint().beforeCheckpoint(null);
        assertEquals(0, connectionsOfTheFunction(0), "a snapshot must hold no database connection");
        container.checkpoint().afterRestore(null);
        assertEquals(0, connectionsOfTheFunction(0), "restore opens nothing until it is needed");

        JsonNode report = invoke(handler, scheduler("2026-03-14T10:01:00Z"));
        assertEquals("succeeded", report.get("status").asString());
        assertEquals(1, connectionsOfTheFunction(1));
    }

    @Test
    void aConnectionTheServerDroppedBetweenInvocationsIsReplacedBeforeTheNextRun() throws Exception {
        invoke(handler, scheduler("2026-03-14T10:10:00Z"));
        assertEquals(1, connectionsOfTheFunction(1));
        try (Connection admin = DB.connectAdmin();
             PreparedStatement st = admin.prepareStatement(
                     "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            st.setString(1, DB.databaseName());
            st.execute();
        }
        assertEquals(0, connectionsOfTheFunction(0));

        JsonNode report = invoke(handler, scheduler("2026-03-14T10:11:00Z"));

        assertEquals("succeeded", report.get("status").asString());
        assertEquals(1, report.get("attempt").asInt());
        assertEquals(1, connectionsOfTheFunction(1));
    }

    @Test
    void withTheDatabaseDownTheInvocationFailsWithAClearMessageAndFetchesNothing() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        LambdaContainer down = LambdaContainer.build(env("jdbc:postgresql://127.0.0.1:" + port + "/randomuser?connectTimeout=2"));
        LambdaHandler downHandler = new LambdaHandler(down.catchUp(), Clock.systemUTC(), LambdaHandler.SAFETY_MARGIN);
        int requests = api.requests();

        RunFailedException e = assertThrows(RunFailedException.class,
                () -> invoke(downHandler, bytes("{\"scheduledTime\":\"2026-03-14T11:00:00Z\"}")));

        assertTrue(e.getMessage().contains("for slot 2026-03-14T11:00Z (attempt 1) failed: sink: could not claim the slot: "
                + "cannot connect to PostgreSQL at 127.0.0.1:" + port + "/randomuser"), e.getMessage());
        assertFalse(e.getMessage().contains(DB.password().isEmpty() ? "\u0000" : DB.password()));
        assertEquals(requests, api.requests(), "nothing is fetched without a database to claim the slot in");
    }

    /**
     * @return the function's connections to the test database, once it is {@code expected} or after 2 s
     *         (a closed connection's backend takes a moment to leave pg_stat_activity)
     */
    private static long connectionsOfTheFunction(long expected) throws SQLException, InterruptedException {
        long n = backends();
        for (int i = 0; i < 20 && n != expected; i++) {
            Thread.sleep(100);
            n = backends();
        }
        return n;
    }

    private static long backends() throws SQLException {
        try (Connection c = DB.connectAdmin();
             PreparedStatement st = c.prepareStatement(
                     "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            st.setString(1, DB.databaseName());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = DB.connect(); PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

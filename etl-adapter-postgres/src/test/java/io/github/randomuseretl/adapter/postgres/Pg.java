package io.github.randomuseretl.adapter.postgres;

import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.testing.Batch;
import io.github.randomuseretl.core.port.SlotClaim;
import io.github.randomuseretl.core.run.LoadCounts;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunRequest;
import io.github.randomuseretl.core.run.RunStatus;
import io.github.randomuseretl.core.run.StageDurations;
import io.github.randomuseretl.core.run.Trigger;
import io.github.randomuseretl.core.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Shared set-up for the integration tests: settings, migrated schemas, requests, plain SQL. */
final class Pg {

    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private Pg() {
    }

    static Map<String, String> env(TestDatabase db, String schema) {
        Map<String, String> env = new HashMap<>();
        env.put("ETL_DB_URL", db.jdbcUrl());
        env.put("ETL_DB_USER", db.user());
        env.put("ETL_DB_PASSWORD", db.password());
        env.put("ETL_DB_SCHEMA", schema);
        return env;
    }

    static PostgresSettings settings(TestDatabase db, String schema) {
        return PostgresSettings.from(Settings.of(env(db, schema)));
    }

    /** @return a schema name no other test in this JVM uses */
    static String freshSchema(String prefix) {
        return prefix + "_" + SCHEMAS.incrementAndGet();
    }

    /** A pooled database with a freshly migrated schema. */
    static PostgresDatabase migrated(TestDatabase db, String schema) {
        PostgresDatabase pg = PostgresDatabase.pooled(settings(db, schema));
        new PostgresMigrations(pg).migrate();
        return pg;
    }

    static RunRequest request(String pipeline, Slot slot, Instant startedAt, Duration timeout) {
        return new RunRequest(pipeline, slot, Trigger.MANUAL, Map.of("results", "100", "seed", "test"), startedAt, startedAt.plus(timeout));
    }

    /** The pipeline's outcome function: succeeded with the counts it is given. */
    static Function<LoadCounts, RunReport> succeeded(SlotClaim.Claimed claim, RunRequest request, long fetched, Instant finishedAt) {
        return counts -> new RunReport(claim.runId(), request.pipeline(), request.slot(), request.trigger(), claim.attempt(),
                RunStatus.SUCCEEDED, fetched, counts, new StageDurations(Duration.ofMillis(5), Duration.ofMillis(3),
                        Duration.ofMillis(7), Duration.ofMillis(20)), request.startedAt(), finishedAt, null);
    }

    static RunReport failed(SlotClaim.Claimed claim, RunRequest request, String error, Instant finishedAt) {
        return new RunReport(claim.runId(), request.pipeline(), request.slot(), request.trigger(), claim.attempt(), RunStatus.FAILED,
                0, LoadCounts.NONE, StageDurations.ZERO, request.startedAt(), finishedAt, error);
    }

    static SlotClaim.Claimed claimed(SlotClaim c) {
        if (c instanceof SlotClaim.Claimed claimed) {
            return claimed;
        }
        throw new AssertionError("expected a claim, got " + c);
    }

    static RunReport writeAll(PostgresUserSink sink, RunRequest request, Batch batch, Instant finishedAt) {
        SlotClaim.Claimed c = claimed(sink.claim(request));
        try (var load = c.load()) {
            return batch.writeTo(load, succeeded(c, request, batch.users().size() + batch.rejections().size(), finishedAt));
        }
    }

    /** Stages the batch in the claim's load and commits; the load stays open (a test may fail it next). */
    static RunReport write(SlotClaim.Claimed claim, Batch batch, Function<LoadCounts, RunReport> outcome) {
        return batch.writeTo(claim.load(), outcome);
    }

    /**
     * The versions of the Flyway migrations this module ships, oldest first, read from the classpath so
     * a test about "the newest migration" needs no edit when one is added.
     */
    static List<Integer> migrationVersions() {
        try {
            java.net.URI uri = Pg.class.getResource("migration").toURI();
            // Failsafe tests the packaged jar, so the folder may live inside a zip file system.
            try (java.nio.file.FileSystem zip = "jar".equals(uri.getScheme())
                    ? java.nio.file.FileSystems.newFileSystem(uri, java.util.Map.of()) : null;
                    var files = java.nio.file.Files.list(zip == null ? Path.of(uri) : zip.provider().getPath(uri))) {
                return files.map(f -> f.getFileName().toString())
                        .filter(n -> n.matches("V\\d+__.*\\.sql"))
                        .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                        .sorted()
                        .toList();
            }
        } catch (java.io.IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot list the migrations", e);
        }
    }

    static long count(TestDatabase db, String sql) {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(TestDatabase db, String sql) {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Ends a session as a crash or a network failure would ({@code pg_terminate_backend}) and waits
     * until the server has dropped it, and with it every lock it held.
     */
    static void terminateAndWait(TestDatabase db, int pid) {
        try (Connection c = db.connectAdmin(); Statement st = c.createStatement()) {
            st.execute("SELECT pg_terminate_backend(" + pid + ")");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (count(db, "SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid) > 0) {
            if (System.nanoTime() > until) {
                throw new AssertionError("session " + pid + " did not end");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    static void execute(TestDatabase db, String sql) {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

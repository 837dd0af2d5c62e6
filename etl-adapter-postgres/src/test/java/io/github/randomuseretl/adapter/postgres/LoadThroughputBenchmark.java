package io.github.randomuseretl.adapter.postgres;

import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.model.User;
import io.github.randomuseretl.core.port.Batch;
import io.github.randomuseretl.core.port.SlotClaim;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunRequest;
import io.github.randomuseretl.core.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Prints (never asserts) how fast {@link PostgresUserSink} loads 100,000 distinct users, beside a plain
 * {@code COPY} of the same rows into an identical empty table in the same run, and COPY staging beside
 * JDBI-batch staging.
 *
 * <p>Database: {@code ETL_TEST_DB_URL} (a fresh database is created and dropped, as the ITs do), or
 * {@code ETL_DB_URL}/{@code ETL_DB_USER}/{@code ETL_DB_PASSWORD} (fresh schemas are created and dropped).
 * Run: {@code mvn -B -pl etl-adapter-postgres test-compile exec:java} (see the module README).
 * Optional: {@code -Dusers=N}.
 */
public final class LoadThroughputBenchmark {

    private static final String WARM_UP = "warm-up";

    private LoadThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("users", 100_000);
        TestDatabase scratch = null;
        Map<String, String> env = new HashMap<>();
        if (System.getenv("ETL_DB_URL") != null) {
            env.putAll(System.getenv());
        } else {
            scratch = new TestDatabase();
            scratch.create("LoadThroughputBenchmark");
            env.put("ETL_DB_URL", scratch.jdbcUrl());
            env.put("ETL_DB_USER", scratch.user());
            env.put("ETL_DB_PASSWORD", scratch.password());
        }
        String suffix = Long.toHexString(System.nanoTime() & 0xfffffL);
        List<String> schemas = List.of("bench_warm_" + suffix, "bench_copy_" + suffix, "bench_batch_" + suffix, "bench_base_" + suffix);
        List<PostgresDatabase> open = new ArrayList<>();
        try {
            System.out.printf(Locale.ROOT, "building %,d distinct users...%n", n);
            List<User> users = SampleUsers.many(n, 42);
            System.out.printf(Locale.ROOT, "PostgreSQL %s, %d CPU cores, Java %s%n", serverVersion(env),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

            PostgresDatabase warm = migrated(env, schemas.get(0), open);
            load(warm, Staging.COPY, users.subList(0, Math.min(n, 5_000)), WARM_UP);
            load(warm, Staging.BATCH, SampleUsers.many(Math.min(n, 5_000), 43), WARM_UP);
            copyBaseline(warm, users.subList(0, Math.min(n, 5_000)), "users_copy_warm");

            PostgresDatabase copyDb = migrated(env, schemas.get(1), open);
            Result sink = load(copyDb, Staging.COPY, users, "sink (COPY staging)");
            Result baseline = copyBaseline(migrated(env, schemas.get(3), open), users, "users_copy");
            Result reload = load(copyDb, Staging.COPY, users, "sink reload, all unchanged");
            Result batch = load(migrated(env, schemas.get(2), open), Staging.BATCH, users, "sink (JDBI batch staging)");

            System.out.println();
            System.out.printf(Locale.ROOT, "%-38s %10s %12s   %s%n", "load of " + String.format(Locale.ROOT, "%,d", n) + " users", "ms", "rows/s", "breakdown");
            for (Result r : List.of(baseline, sink, batch, reload)) {
                System.out.printf(Locale.ROOT, "%-38s %10d %12s   %s%n", r.name, r.millis(), String.format(Locale.ROOT, "%,.0f", r.rowsPerSecond(n)), r.breakdown);
            }
            System.out.printf(Locale.ROOT, "%nsink (COPY staging) / plain COPY:       %.2f of COPY's rate (%.1fx the time)%n",
                    sink.rowsPerSecond(n) / baseline.rowsPerSecond(n), (double) sink.nanos / baseline.nanos);
            System.out.printf(Locale.ROOT, "staging only, COPY vs JDBI batch:       %,d ms vs %,d ms (%.1fx faster)%n",
                    sink.stage.toMillis(), batch.stage.toMillis(), (double) batch.stage.toNanos() / Math.max(1, sink.stage.toNanos()));
        } finally {
            for (PostgresDatabase db : open) {
                db.close();
            }
            if (scratch != null) {
                scratch.drop();
            } else {
                dropSchemas(env, schemas);
            }
        }
    }

    private record Result(String name, long nanos, Duration stage, String breakdown) {
        long millis() {
            return nanos / 1_000_000;
        }

        double rowsPerSecond(int rows) {
            return rows / (nanos / 1e9);
        }
    }

    private static PostgresDatabase migrated(Map<String, String> env, String schema, List<PostgresDatabase> open) {
        Map<String, String> e = new HashMap<>(env);
        e.put("ETL_DB_SCHEMA", schema);
        PostgresDatabase db = PostgresDatabase.pooled(PostgresSettings.from(Settings.of(e)));
        open.add(db);
        new PostgresMigrations(db).migrate();
        return db;
    }

    private static int slotCounter;

    private static Result load(PostgresDatabase db, Staging staging, List<User> users, String name) {
        PostgresUserSink sink = new PostgresUserSink(db, Clock.systemUTC(), PostgresUserSink.DEFAULT_ABANDON_GRACE, staging);
        Instant now = Instant.now();
        RunRequest request = new RunRequest("bench", Slot.containing(now).next(), io.github.randomuseretl.core.run.Trigger.MANUAL, Map.of(),
                now, now.plusSeconds(3600));
        request = new RunRequest(request.pipeline(), new Slot(request.slot().start().plusSeconds(60L * slotCounter++)), request.trigger(),
                request.parameters(), request.startedAt(), request.deadline());
        SlotClaim.Claimed claim = (SlotClaim.Claimed) sink.claim(request);
        long t0 = System.nanoTime();
        RunReport report = sink.write(claim, new Batch(users, List.of()), Pg.succeeded(claim, request, users.size(), Instant.now()));
        long nanos = System.nanoTime() - t0;
        PostgresUserSink.LoadTimings t = sink.lastTimings();
        if (report.counts().users() != users.size()) {
            throw new IllegalStateException("counted " + report.counts().users() + " users for " + users.size());
        }
        String breakdown = String.format(Locale.ROOT, "stage %,d ms, upsert %,d ms, history %,d ms, cleanup %,d ms; inserted %,d, unchanged %,d",
                t.stage().toMillis(), t.upsert().toMillis(), t.history().toMillis(), t.cleanup().toMillis(), report.inserted(), report.unchanged());
        if (!WARM_UP.equals(name)) {
            System.out.printf(Locale.ROOT, "%s: %,d ms%n", name, nanos / 1_000_000);
        }
        return new Result(name, nanos, t.stage(), breakdown);
    }

    /** COPY of the same rows, encoded the same way, into an empty table shaped like users (same types, keys, checks). */
    private static Result copyBaseline(PostgresDatabase db, List<User> users, String table) throws SQLException {
        String schema = db.settings().schema();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + schema + "." + table + " (LIKE " + schema + ".users INCLUDING ALL)");
            st.execute("ALTER TABLE " + schema + "." + table + " ALTER first_seen_at SET DEFAULT now(), ALTER last_seen_at SET DEFAULT now()");
            String columns = UserRows.STAGE_COLUMNS.replaceFirst("^run_id", "last_run_id");
            UUID run = UUID.randomUUID();
            c.setAutoCommit(false);
            long t0 = System.nanoTime();
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + schema + "." + table + " (" + columns + ") FROM STDIN");
            StringBuilder chunk = new StringBuilder(1 << 17);
            for (User u : users) {
                UserRows.appendCopyLine(chunk, run, u);
                if (chunk.length() >= 1 << 16) {
                    byte[] b = chunk.toString().getBytes(StandardCharsets.UTF_8);
                    copy.writeToCopy(b, 0, b.length);
                    chunk.setLength(0);
                }
            }
            byte[] b = chunk.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(b, 0, b.length);
            long rows = copy.endCopy();
            c.commit();
            long nanos = System.nanoTime() - t0;
            c.setAutoCommit(true);
            if (rows != users.size()) {
                throw new IllegalStateException("COPY wrote " + rows + " rows");
            }
            if (!table.endsWith("warm")) {
                System.out.printf(Locale.ROOT, "plain COPY into an empty users-shaped table: %,d ms%n", nanos / 1_000_000);
            }
            return new Result("plain COPY (baseline)", nanos, Duration.ofNanos(nanos), "one COPY, one commit");
        }
    }

    private static String serverVersion(Map<String, String> env) throws SQLException {
        PostgresSettings s = PostgresSettings.from(Settings.of(env));
        try (PostgresDatabase db = PostgresDatabase.singleConnection(s); Connection c = db.dataSource().getConnection();
             Statement st = c.createStatement(); var rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void dropSchemas(Map<String, String> env, List<String> schemas) throws SQLException {
        try (PostgresDatabase db = PostgresDatabase.singleConnection(PostgresSettings.from(Settings.of(env)));
             Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            for (String schema : schemas) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }
}

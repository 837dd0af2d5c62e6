package io.github.randomuseretl.adapter.postgres;

import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.model.User;
import io.github.randomuseretl.core.port.RunLoad;
import io.github.randomuseretl.core.port.SlotClaim;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunRequest;
import io.github.randomuseretl.core.testing.TestDatabase;
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
 * {@code COPY} of the same rows into an identical empty table in the same run, COPY staging beside
 * JDBI-batch staging, and every load (new, unchanged, changed users) with and without keeping the star
 * schema ({@link Warehouse#KEPT} vs {@link Warehouse#SKIPPED}), to show what the data warehouse procedure
 * adds.
 *
 * <p>Database: {@code ETL_TEST_DB_URL} (a fresh database is created and dropped, as the ITs do), or
 * {@code ETL_DB_URL}/{@code ETL_DB_USER}/{@code ETL_DB_PASSWORD} (fresh schemas are created and dropped).
 * Run: {@code mvn -B -pl etl-adapter-postgres test-compile exec:java} (see the module README).
 * Optional: {@code -Dusers=N} (default 100,000), {@code -Drounds=N} (default 3; best and median are printed).
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
        int rounds = Integer.getInteger("rounds", 3);
        String suffix = Long.toHexString(System.nanoTime() & 0xfffffL);
        List<String> schemas = new ArrayList<>();
        List<PostgresDatabase> open = new ArrayList<>();
        try {
            System.out.printf(Locale.ROOT, "PostgreSQL %s, %d CPU cores, Java %s, load average %.1f, %d rounds%n", serverVersion(env),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), rounds);

            PostgresDatabase warm = migrated(env, schema(schemas, "warm", suffix), open);
            load(warm, Staging.COPY, Warehouse.KEPT, SampleUsers.many(Math.min(n, 5_000), 41), WARM_UP);
            heapOfOneLoad(migrated(env, schema(schemas, "heap", suffix), open), n);
            System.out.printf(Locale.ROOT, "building %,d distinct users...%n", n);
            List<User> users = SampleUsers.many(n, 42);
            List<User> changed = users.stream().map(u -> SampleUsers.withEmail(u, "changed." + u.email())).toList();
            load(warm, Staging.COPY, Warehouse.KEPT, users.subList(0, Math.min(n, 5_000)), WARM_UP);
            load(warm, Staging.COPY, Warehouse.SKIPPED, changed.subList(0, Math.min(n, 5_000)), WARM_UP);
            load(warm, Staging.BATCH, Warehouse.KEPT, SampleUsers.many(Math.min(n, 5_000), 43), WARM_UP);
            copyBaseline(warm, users.subList(0, Math.min(n, 5_000)), "users_copy_warm");

            Map<String, List<Result>> results = new java.util.LinkedHashMap<>();
            for (String name : List.of(BASELINE, SINK_COPY, SINK_COPY_NO_STAR, SINK_BATCH, RELOAD, RELOAD_NO_STAR, CHANGED, CHANGED_NO_STAR)) {
                results.put(name, new ArrayList<>());
            }
            for (int round = 1; round <= rounds; round++) {
                String r = suffix + "_" + round;
                results.get(BASELINE).add(copyBaseline(migrated(env, schema(schemas, "base", r), open), users, "users_copy"));
                // With and without the star schema, each on a schema of its own: first all new, then all unchanged, then
                // all changed. Which goes first alternates between rounds, so neither always meets a warmer server.
                List<Warehouse> order = round % 2 == 1 ? List.of(Warehouse.KEPT, Warehouse.SKIPPED) : List.of(Warehouse.SKIPPED, Warehouse.KEPT);
                Map<Warehouse, PostgresDatabase> dbs = new java.util.EnumMap<>(Warehouse.class);
                for (Warehouse w : order) {
                    dbs.put(w, migrated(env, schema(schemas, w == Warehouse.KEPT ? "copy" : "nostar", r), open));
                }
                for (Warehouse w : order) {
                    results.get(w == Warehouse.KEPT ? SINK_COPY : SINK_COPY_NO_STAR).add(load(dbs.get(w), Staging.COPY, w, users,
                            w == Warehouse.KEPT ? SINK_COPY : SINK_COPY_NO_STAR));
                }
                for (Warehouse w : order) {
                    results.get(w == Warehouse.KEPT ? RELOAD : RELOAD_NO_STAR).add(load(dbs.get(w), Staging.COPY, w, users,
                            w == Warehouse.KEPT ? RELOAD : RELOAD_NO_STAR));
                }
                for (Warehouse w : order) {
                    results.get(w == Warehouse.KEPT ? CHANGED : CHANGED_NO_STAR).add(load(dbs.get(w), Staging.COPY, w, changed,
                            w == Warehouse.KEPT ? CHANGED : CHANGED_NO_STAR));
                }
                results.get(SINK_BATCH).add(load(migrated(env, schema(schemas, "batch", r), open), Staging.BATCH, Warehouse.KEPT, users,
                        SINK_BATCH));
                for (PostgresDatabase db : open.subList(2, open.size())) {
                    db.close();
                }
                open.subList(2, open.size()).clear();
            }

            System.out.println();
            System.out.printf(Locale.ROOT, "%-44s %9s %9s %12s %12s   %s%n", String.format(Locale.ROOT, "load of %,d users", n),
                    "best ms", "median ms", "best rows/s", "median rows/s", "breakdown of the best run");
            for (Map.Entry<String, List<Result>> e : results.entrySet()) {
                List<Result> sorted = e.getValue().stream().sorted(java.util.Comparator.comparingLong(Result::nanos)).toList();
                Result best = sorted.get(0);
                Result median = sorted.get(sorted.size() / 2);
                System.out.printf(Locale.ROOT, "%-44s %9d %9d %12s %12s   %s%n", e.getKey(), best.millis(), median.millis(),
                        String.format(Locale.ROOT, "%,.0f", best.rowsPerSecond(n)), String.format(Locale.ROOT, "%,.0f", median.rowsPerSecond(n)),
                        best.breakdown);
            }
            Result copy = median(results.get(BASELINE));
            Result sink = median(results.get(SINK_COPY));
            System.out.printf(Locale.ROOT, "%nmedian sink (COPY staging) vs plain COPY: %.2f of COPY's rate (%.1fx the time)%n",
                    sink.rowsPerSecond(n) / copy.rowsPerSecond(n), (double) sink.nanos / copy.nanos);
            long copyStage = medianStage(results.get(SINK_COPY));
            long batchStage = medianStage(results.get(SINK_BATCH));
            System.out.printf(Locale.ROOT, "median time in stage() calls, COPY vs JDBI batch:  %,d ms vs %,d ms (COPY %.1fx as fast)%n",
                    copyStage, batchStage, (double) batchStage / Math.max(1, copyStage));
            for (String[] pair : new String[][] {{"all new", SINK_COPY, SINK_COPY_NO_STAR}, {"all unchanged", RELOAD, RELOAD_NO_STAR},
                    {"all changed", CHANGED, CHANGED_NO_STAR}}) {
                Result with = median(results.get(pair[1]));
                Result without = median(results.get(pair[2]));
                System.out.printf(Locale.ROOT, "star schema, median, %-13s %,6d ms with vs %,6d ms without: %+,d ms (%+.0f %%)%n", pair[0] + ":",
                        with.millis(), without.millis(), with.millis() - without.millis(),
                        100.0 * (with.nanos - without.nanos) / without.nanos);
            }
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

    private static final String BASELINE = "plain COPY (baseline)";
    private static final String SINK_COPY = "sink, COPY staging";
    private static final String SINK_BATCH = "sink, JDBI batch staging";
    private static final String RELOAD = "sink reload, all unchanged";
    private static final String CHANGED = "sink reload, all changed";
    private static final String SINK_COPY_NO_STAR = SINK_COPY + ", no star schema";
    private static final String RELOAD_NO_STAR = RELOAD + ", no star schema";
    private static final String CHANGED_NO_STAR = CHANGED + ", no star schema";

    private static String schema(List<String> schemas, String kind, String suffix) {
        String name = "bench_" + kind + "_" + suffix;
        schemas.add(name);
        return name;
    }

    private static Result median(List<Result> results) {
        return results.stream().sorted(java.util.Comparator.comparingLong(Result::nanos)).toList().get(results.size() / 2);
    }

    private static long medianStage(List<Result> results) {
        return results.stream().mapToLong(r -> r.stage().toMillis()).sorted().toArray()[results.size() / 2];
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

    private static Result load(PostgresDatabase db, Staging staging, Warehouse warehouse, List<User> users, String name) {
        PostgresUserSink sink = new PostgresUserSink(db, Clock.systemUTC(), staging, warehouse);
        RunRequest request = nextRequest();
        SlotClaim.Claimed claim = (SlotClaim.Claimed) sink.claim(request);
        // Timed around the port's calls, as the pipeline makes them: stage() per user (the sink streams
        // into staging while they arrive), then commit (upsert, history, star schema, ledger, commit).
        long t0 = System.nanoTime();
        RunReport report;
        long t1;
        try (RunLoad load = claim.load()) {
            for (User u : users) {
                load.stage(u);
            }
            t1 = System.nanoTime();
            report = load.commit(Pg.succeeded(claim, request, users.size(), Instant.now()));
        }
        long t2 = System.nanoTime();
        long nanos = t2 - t0;
        if (report.counts().users() != users.size()) {
            throw new IllegalStateException("counted " + report.counts().users() + " users for " + users.size());
        }
        Duration stage = Duration.ofNanos(t1 - t0);
        String breakdown = String.format(Locale.ROOT, "stage() calls %,d ms, commit %,d ms; inserted %,d, updated %,d, unchanged %,d",
                stage.toMillis(), (t2 - t1) / 1_000_000, report.inserted(), report.updated(), report.unchanged());
        if (!WARM_UP.equals(name)) {
            System.out.printf(Locale.ROOT, "  %s: %,d ms (stage() calls %,d ms, commit %,d ms)%n", name, nanos / 1_000_000, stage.toMillis(),
                    (t2 - t1) / 1_000_000);
        }
        return new Result(name, nanos, stage, breakdown);
    }

    private static RunRequest nextRequest() {
        Instant now = Instant.now();
        Slot slot = new Slot(Slot.containing(now).next().start().plusSeconds(60L * slotCounter++));
        return new RunRequest("bench", slot, io.github.randomuseretl.core.run.Trigger.MANUAL, Map.of(), now, now.plusSeconds(3600));
    }

    /**
     * What one load of {@code n} users keeps on the heap: users made one at a time as a source would
     * hand them over, so nothing but the sink can hold them. Measured after a full GC once every user
     * is staged (before the commit), against the heap before the claim; and the heap pools' peak over
     * the load, garbage included.
     */
    private static void heapOfOneLoad(PostgresDatabase db, int n) {
        PostgresUserSink sink = new PostgresUserSink(db, Clock.systemUTC());
        RunRequest request = nextRequest();
        List<java.lang.management.MemoryPoolMXBean> heapPools = java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP).toList();
        long before = heapAfterGc();
        heapPools.forEach(java.lang.management.MemoryPoolMXBean::resetPeakUsage);
        SlotClaim.Claimed claim = (SlotClaim.Claimed) sink.claim(request);
        long retained;
        RunReport report;
        try (RunLoad load = claim.load()) {
            for (int i = 0; i < n; i++) {
                load.stage(SampleUsers.varied(i, 77));
            }
            retained = heapAfterGc() - before;
            report = load.commit(Pg.succeeded(claim, request, n, Instant.now()));
        }
        long peak = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() - before;
        if (report.counts().users() != n) {
            throw new IllegalStateException("counted " + report.counts().users() + " users for " + n);
        }
        System.out.printf(Locale.ROOT, "heap of one load of %,d users made one at a time: %,.1f MiB retained by the open load once all are "
                + "staged (after a full GC), peak %,.1f MiB above the start (garbage included; max heap %,d MiB)%n", n, retained / 1048576.0,
                peak / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576);
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        java.lang.management.MemoryUsage heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed();
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
            UserRows.CopyLines chunk = new UserRows.CopyLines(run, 1 << 17);
            for (User u : users) {
                chunk.append(u);
                if (chunk.length() >= 1 << 16) {
                    copy.writeToCopy(chunk.bytes(), 0, chunk.length());
                    chunk.clear();
                }
            }
            copy.writeToCopy(chunk.bytes(), 0, chunk.length());
            long rows = copy.endCopy();
            c.commit();
            long nanos = System.nanoTime() - t0;
            c.setAutoCommit(true);
            if (rows != users.size()) {
                throw new IllegalStateException("COPY wrote " + rows + " rows");
            }
            if (!table.endsWith("warm")) {
                System.out.printf(Locale.ROOT, "  plain COPY into an empty users-shaped table: %,d ms%n", nanos / 1_000_000);
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

package io.github.randomuseretl.bench;

import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.REQUEST_TIMEOUT;
import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.SEED_PREFIX;
import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.SOURCE_URL;
import static io.github.randomuseretl.adapter.randomuser.RandomUserSettings.USERS_PER_RUN;

import io.github.randomuseretl.adapter.postgres.PostgresDatabase;
import io.github.randomuseretl.adapter.postgres.PostgresMigrations;
import io.github.randomuseretl.adapter.postgres.PostgresSettings;
import io.github.randomuseretl.adapter.postgres.PostgresUserSink;
import io.github.randomuseretl.adapter.randomuser.JsonSchemaUserValidator;
import io.github.randomuseretl.adapter.randomuser.RandomUserHttpSource;
import io.github.randomuseretl.adapter.randomuser.RandomUserSettings;
import io.github.randomuseretl.core.config.InvalidSettingException;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.pipeline.EtlPipeline;
import io.github.randomuseretl.core.pipeline.PipelineSettings;
import io.github.randomuseretl.core.port.FetchRequest;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.Trigger;
import io.github.randomuseretl.core.testing.Outcomes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The whole pipeline in one process against one database, beside plain {@code COPY} of the same rows.
 *
 * <ol>
 *   <li>A loopback stand-in for randomuser.me serves {@code --users} distinct real-shaped users (pages of
 *       5000 built from the recorded bulk fixture with rewritten uuids).</li>
 *   <li>Pass 1: fetch, per-record validation and mapping, upsert, history and ledger into a fresh schema.</li>
 *   <li>Pass 2: the same users again (everything unchanged), under another pipeline name so the slot is free.</li>
 *   <li>Baseline: the rows of {@code users} loaded with plain {@code COPY} into an identical empty table.</li>
 * </ol>
 * The stand-in runs in a child JVM ({@link ApiProcess}), so the process CPU time printed per pass is the
 * pipeline's own. Each pass also prints its GC and JIT time and the load average, since the machine
 * may be shared. With {@code --baselines}, two Python programs load the same pages in the same run
 * (see {@code baselines/*.py} beside this class): the original project's way (a 6-field check of the
 * whole document, CSV, {@code COPY} of 6 columns) and a per-record jsonschema peer with an
 * {@code executemany} upsert. Figures are printed; the last line is machine-readable, and new fields
 * are only ever added at its end.
 */
public final class MacroBenchmark {

    /** The options. */
    static final String USAGE = "macro [--users N] [--validation-threads N] [--keep] [--baselines]";

    private MacroBenchmark() {
    }

    /**
     * @param args {@code --users N} (default 100000), {@code --validation-threads N} (default: one per
     *             processor, as the runners), {@code --keep} (keep the schema), {@code --baselines} (run
     *             the Python baselines on the same pages)
     * @param env  the environment: {@code ETL_DB_URL}, {@code ETL_DB_USER}, {@code ETL_DB_PASSWORD}
     * @param out  where the figures go
     * @return the exit code: 0 done, 1 a run failed, 2 bad options or settings
     * @throws Exception if the database fails mid-benchmark
     */
    public static int main(String[] args, Map<String, String> env, PrintStream out) throws Exception {
        int users = 100_000;
        int threads = PipelineSettings.DEFAULTS.validationThreads();
        boolean keep = false;
        boolean baselines = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--users" -> {
                    try {
                        users = Integer.parseInt(args[++i]);
                    } catch (RuntimeException e) {
                        users = -1;
                    }
                    if (users < 1 || users > RandomUserSettings.MAX_USERS_PER_RUN) {
                        System.err.println("--users must be a whole number from 1 to " + RandomUserSettings.MAX_USERS_PER_RUN);
                        return 2;
                    }
                }
                case "--validation-threads" -> {
                    try {
                        threads = Integer.parseInt(args[++i]);
                    } catch (RuntimeException e) {
                        threads = -1;
                    }
                    if (threads < 1 || threads > PipelineSettings.MAX_VALIDATION_THREADS) {
                        System.err.println("--validation-threads must be a whole number from 1 to " + PipelineSettings.MAX_VALIDATION_THREADS);
                        return 2;
                    }
                }
                case "--keep" -> keep = true;
                case "--baselines" -> baselines = true;
                default -> {
                    System.err.println("unknown option " + args[i] + "; usage: " + USAGE);
                    return 2;
                }
            }
        }
        String schema = "bench_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
        PostgresSettings pg;
        try {
            Map<String, String> overrides = new HashMap<>();
            overrides.put(PostgresSettings.DB_SCHEMA.name(), schema);
            overrides.put(PostgresSettings.DB_POOL_SIZE.name(), "2");
            pg = PostgresSettings.from(Settings.of(env).with(overrides));
        } catch (InvalidSettingException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        return new Run(users, threads, keep, baselines, pg, env, out).execute();
    }

    private static final class Run {
        private final int users;
        private final int threads;
        private final boolean keep;
        private final boolean baselines;
        private final PostgresSettings pg;
        private final Map<String, String> env;
        private final PrintStream out;
        private final Clock clock = Clock.systemUTC();

        Run(int users, int threads, boolean keep, boolean baselines, PostgresSettings pg, Map<String, String> env, PrintStream out) {
            this.users = users;
            this.threads = threads;
            this.keep = keep;
            this.baselines = baselines;
            this.pg = pg;
            this.env = env;
            this.out = out;
        }

        int execute() throws Exception {
            out.printf(Locale.ROOT, "macro benchmark: %d users, schema %s on %s, %d cores, %d validation threads, max heap %d MiB, %s, load average %s%n",
                    users, pg.schema(), pg.describe(), Runtime.getRuntime().availableProcessors(),
                    threads, Runtime.getRuntime().maxMemory() >> 20, Machine.java(), Machine.loadAverage());
            try (ApiProcess api = ApiProcess.start(); PostgresDatabase db = PostgresDatabase.pooled(pg)) {
                try {
                    new PostgresMigrations(db).migrate();
                    RandomUserSettings source = RandomUserSettings.builder()
                            .set(SOURCE_URL, URI.create(api.baseUrl()))
                            .set(USERS_PER_RUN, users)
                            .set(SEED_PREFIX, "bench")
                            .set(REQUEST_TIMEOUT, Duration.ofMinutes(2))
                            .build();
                    PostgresUserSink sink = new PostgresUserSink(db, clock);
                    Slot slot = Slot.containing(clock.instant());

                    Machine.Sample before = Machine.sample();
                    RunReport first = Outcomes.executed(pipeline("bench", source, sink).run(slot, Trigger.MANUAL));
                    Machine.Sample afterFirst = Machine.sample();
                    print("pass 1 (all new)", first, before, afterFirst);
                    RunReport second = Outcomes.executed(pipeline("bench-pass2", source, sink).run(slot, Trigger.MANUAL));
                    print("pass 2 (unchanged)", second, afterFirst, Machine.sample());
                    if (!first.succeeded() || !second.succeeded()) {
                        out.println("a run failed: " + first.error() + " / " + second.error());
                        return 1;
                    }
                    CopyFigures copy = copyBaseline(db);
                    double endToEnd = perSecond(first.fetched(), first.durations().total());
                    double copyRate = copy.rows / copy.seconds;
                    out.printf(Locale.ROOT, "COPY baseline: %d rows of %s.users into an identical table in %.3f s: %.0f rows/s%n",
                            copy.rows, pg.schema(), copy.seconds, copyRate);
                    long peakRss = Machine.peakRssMiB();
                    out.printf(Locale.ROOT, "peak heap %d MiB, peak RSS %d MiB (of which %d MiB by the end of pass 1)%n",
                            peakHeapMiB(), peakRss, afterFirst.peakRssMiB());
                    double cpuPerThousand = afterFirst.cpuSecondsSince(before) * 1000.0 / Math.max(1, first.fetched());
                    String tail = "";
                    if (baselines) {
                        Baselines.Figures b = new Baselines(pg, env, out).run(api.baseUrl(), users,
                                RandomUserHttpSource.create(source, clock).parameters(new FetchRequest(slot, clock.instant().plus(Duration.ofHours(1)))).get("seed"));
                        tail = String.format(Locale.ROOT, " original_6field_rows_per_s=%.0f ratio_to_original=%.2f python_peer_rows_per_s=%.0f ratio_to_python_peer=%.1f",
                                b.original(), endToEnd / b.original(), b.peer(), endToEnd / b.peer());
                    }
                    out.printf(Locale.ROOT, "end_to_end_users_per_s=%.0f copy_rows_per_s=%.0f ratio_to_copy=%.2f peak_rss_mib=%d"
                            + " cpu_s_per_1000_users=%.3f load_avg_1m=%s%s%n",
                            endToEnd, copyRate, endToEnd / copyRate, peakRss, cpuPerThousand, Machine.loadAverage().split(" ")[0], tail);
                    return 0;
                } finally {
                    if (!keep) {
                        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                            st.execute("DROP SCHEMA IF EXISTS \"" + pg.schema() + "\" CASCADE");
                        }
                    }
                }
            }
        }

        private EtlPipeline pipeline(String name, RandomUserSettings source, PostgresUserSink sink) {
            return EtlPipeline.builder()
                    .name(name)
                    .source(RandomUserHttpSource.create(source, clock))
                    .validator(JsonSchemaUserValidator.from(source, clock))
                    .sink(sink)
                    .clock(clock)
                    .runTimeout(Duration.ofMinutes(30))
                    .validationThreads(threads)
                    .build();
        }

        private void print(String label, RunReport r, Machine.Sample from, Machine.Sample to) {
            var d = r.durations();
            out.printf(Locale.ROOT, "%-20s %s: fetched %d, inserted %d, updated %d, unchanged %d, rejected %d%n",
                    label, r.status().text(), r.fetched(), r.inserted(), r.updated(), r.unchanged(), r.rejected());
            out.printf(Locale.ROOT, "%-20s fetch+parse %8.0f users/s (%6.2f s) | validate+map %8.0f users/s (%6.2f s) | load %8.0f users/s (%6.2f s) | end-to-end %8.0f users/s (%6.2f s)%n",
                    "", perSecond(r.fetched(), d.fetch()), secs(d.fetch()), perSecond(r.fetched(), d.validate()), secs(d.validate()),
                    perSecond(r.counts().users(), d.load()), secs(d.load()), perSecond(r.fetched(), d.total()), secs(d.total()));
            double cpu = to.cpuSecondsSince(from);
            double jit = to.jitCpuSecondsSince(from);
            double vm = to.gcCpuSecondsSince(from);
            out.printf(Locale.ROOT, "%-20s process CPU %.2f s (%.3f s per 1000 users): JIT compiler threads %.2f s, GC and VM threads %.2f s, "
                    + "the pipeline's own threads %.2f s (%.3f s per 1000 users); GC pauses %.2f s; peak RSS %d MiB; load average %s%n",
                    "", cpu, cpu * 1000.0 / Math.max(1, r.fetched()), jit, vm, cpu - jit - vm, (cpu - jit - vm) * 1000.0 / Math.max(1, r.fetched()),
                    to.gcSecondsSince(from), to.peakRssMiB(), to.loadAverage());
        }

        /** Exports the loaded rows, then times COPY of exactly those rows into an empty twin of the table. */
        private CopyFigures copyBaseline(PostgresDatabase db) throws SQLException, IOException {
            String table = "\"" + pg.schema() + "\".users";
            String twin = "\"" + pg.schema() + "\".users_copy_baseline";
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE " + twin + " (LIKE " + table + " INCLUDING ALL)");
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                ByteArrayOutputStream rows = new ByteArrayOutputStream();
                copy.copyOut("COPY " + table + " TO STDOUT", rows);
                byte[] data = rows.toByteArray();
                long start = System.nanoTime();
                long loaded = copy.copyIn("COPY " + twin + " FROM STDIN", new ByteArrayInputStream(data));
                double seconds = (System.nanoTime() - start) / 1e9;
                return new CopyFigures(loaded, seconds);
            }
        }
    }

    private record CopyFigures(long rows, double seconds) {
    }

    private static double perSecond(long count, Duration d) {
        double s = secs(d);
        return s <= 0 ? 0 : count / s;
    }

    private static double secs(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static long peakHeapMiB() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }

}

package io.github.randomuseretl.bench;

import io.github.randomuseretl.adapter.postgres.PostgresDatabase;
import io.github.randomuseretl.adapter.postgres.PostgresMigrations;
import io.github.randomuseretl.adapter.postgres.PostgresSettings;
import io.github.randomuseretl.core.config.InvalidSettingException;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.model.Slot;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cold JVM's first run: the scheduler jar's {@code run} in a fresh JVM against the loopback stand-in
 * (in its own process) and the database of {@code ETL_DB_URL}, once per JVM flag set: JVM defaults, C1
 * only ({@code -XX:TieredStopAtLevel=1}), with an AppCDS archive of the classes a run loads (made by
 * one untimed training run with {@code -XX:ArchiveClassesAtExit}), and both. Each prints wall time
 * split into start-up (JVM, settings, wiring, schema compilation, connecting) and the run itself (from
 * the run's own {@code duration_ms}), CPU seconds, peak RSS and the load average. The schema is made
 * fresh and dropped; each run has its own slot. Needs {@code /usr/bin/time} for CPU and RSS.
 */
final class ColdStart {

    private static final Pattern RUN_MS = Pattern.compile("duration_ms=(\\d+)");
    private static final Pattern TIME = Pattern.compile("cold-time: ([0-9.]+) ([0-9.]+) ([0-9.]+) (\\d+)");

    private ColdStart() {
    }

    /**
     * @param args {@code --jar PATH} (default {@code etl-runner-scheduler/target/randomuser-etl.jar}),
     *             {@code --users N} (default 5000)
     * @param env  {@code ETL_DB_URL}, {@code ETL_DB_USER}, {@code ETL_DB_PASSWORD}
     * @param out  where the figures go
     * @return the exit code: 0 done, 1 a run failed, 2 bad options or settings
     * @throws Exception if the database fails
     */
    static int main(String[] args, Map<String, String> env, PrintStream out) throws Exception {
        Path jar = Path.of("etl-runner-scheduler/target/randomuser-etl.jar");
        int users = 5000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> jar = Path.of(args[++i]);
                case "--users" -> users = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i] + "; usage: cold [--jar PATH] [--users N]");
                    return 2;
                }
            }
        }
        if (!Files.isRegularFile(jar)) {
            System.err.println(jar + " is missing: ./mvnw -B -pl etl-runner-scheduler -am package -DskipTests");
            return 2;
        }
        String schema = "cold_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
        PostgresSettings pg;
        try {
            pg = PostgresSettings.from(Settings.of(env).with(Map.of(PostgresSettings.DB_SCHEMA.name(), schema)));
        } catch (InvalidSettingException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        out.printf(Locale.ROOT, "cold start: %d users per run, %s, %d cores, %s, load average %s%n", users, jar,
                Runtime.getRuntime().availableProcessors(), Machine.java(), Machine.loadAverage());
        Path dir = Files.createTempDirectory("etl-cold");
        Path archive = dir.resolve("randomuser-etl.jsa");
        try (ApiProcess api = ApiProcess.start(); PostgresDatabase db = PostgresDatabase.pooled(pg)) {
            try {
                new PostgresMigrations(db).migrate();
                Map<String, String> childEnv = new HashMap<>(env);
                childEnv.put("ETL_DB_SCHEMA", schema);
                childEnv.put("ETL_SOURCE_URL", api.baseUrl());
                childEnv.put("ETL_USERS_PER_RUN", String.valueOf(users));
                childEnv.put("ETL_SOURCE_BUDGET", "10000000/5m");
                Slot slot = Slot.containing(Instant.now().minus(Duration.ofMinutes(1)));
                Figures training = runOnce(jar, List.of("-XX:ArchiveClassesAtExit=" + archive), childEnv, slot);
                out.printf(Locale.ROOT, "training run for the AppCDS archive (untimed): %s, archive %d MiB%n",
                        training.ok ? "succeeded" : "FAILED", Files.isRegularFile(archive) ? Files.size(archive) >> 20 : -1);
                Map<String, List<String>> variants = new java.util.LinkedHashMap<>();
                variants.put("JVM defaults", List.of());
                variants.put("C1 only", List.of("-XX:TieredStopAtLevel=1"));
                variants.put("AppCDS", List.of("-XX:SharedArchiveFile=" + archive));
                variants.put("AppCDS + C1 only", List.of("-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=1"));
                boolean allOk = training.ok;
                StringBuilder last = new StringBuilder();
                for (Map.Entry<String, List<String>> v : variants.entrySet()) {
                    slot = new Slot(slot.start().minus(Duration.ofMinutes(1)));
                    Figures f = runOnce(jar, v.getValue(), childEnv, slot);
                    allOk &= f.ok;
                    out.printf(Locale.ROOT, "%-18s %s: wall %.2f s = start-up %.2f s + run %.2f s (+ exit); CPU %.2f s (user %.2f, sys %.2f); "
                            + "peak RSS %d MiB; load average %s%n", v.getKey(), f.ok ? "succeeded" : "FAILED", f.wall, f.wall - f.run, f.run,
                            f.user + f.sys, f.user, f.sys, f.rssKib >> 10, f.load);
                    last.append(String.format(Locale.ROOT, "%s_wall_s=%.2f ", v.getKey().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_"), f.wall));
                }
                out.println(last.toString().trim() + " load_avg_1m=" + Machine.loadAverage().split(" ")[0]);
                return allOk ? 0 : 1;
            } finally {
                try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                    st.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
                }
                Files.deleteIfExists(archive);
                Files.deleteIfExists(dir);
            }
        }
    }

    private record Figures(boolean ok, double wall, double run, double user, double sys, long rssKib, String load) {
    }

    private static Figures runOnce(Path jar, List<String> flags, Map<String, String> env, Slot slot) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "cold-time: %e %U %S %M", java));
        command.addAll(flags);
        command.addAll(List.of("-jar", jar.toString(), "run", "--slot=" + slot));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        Matcher t = TIME.matcher(output);
        Matcher r = RUN_MS.matcher(output);
        if (!t.find()) {
            throw new IOException("no timing from /usr/bin/time: " + output);
        }
        double run = r.find() ? Long.parseLong(r.group(1)) / 1000.0 : Double.NaN;
        if (exit != 0) {
            System.err.println(output);
        }
        return new Figures(exit == 0, Double.parseDouble(t.group(1)), run, Double.parseDouble(t.group(2)),
                Double.parseDouble(t.group(3)), Long.parseLong(t.group(4)), Machine.loadAverage());
    }
}

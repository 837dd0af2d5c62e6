package io.github.randomuseretl.bench;

import io.github.randomuseretl.adapter.postgres.PostgresSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Python baselines, run beside the pipeline on the same stand-in API, seed and database: the
 * original project's way ({@code original_6field.py}) and a per-record jsonschema peer
 * ({@code python_peer.py}, checking the same user contract file). Each creates its table in the
 * benchmark's schema, which the benchmark drops. Needs {@code python3} with psycopg2 and jsonschema
 * (Debian: {@code apt-get install python3-psycopg2 python3-jsonschema}).
 */
final class Baselines {

    private static final String CONTRACT = "io/github/randomuseretl/adapter/randomuser/user-1.4.schema.json";
    private static final Pattern RATE = Pattern.compile("_rows_per_s=(\\d+)");

    /**
     * @param original rows/s of the original project's way
     * @param peer     rows/s (records judged per second) of the Python peer
     */
    record Figures(double original, double peer) {
    }

    private final PostgresSettings pg;
    private final Map<String, String> env;
    private final PrintStream out;

    Baselines(PostgresSettings pg, Map<String, String> env, PrintStream out) {
        this.pg = pg;
        this.env = env;
        this.out = out;
    }

    Figures run(String apiUrl, int users, String seed) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("etl-bench-baselines");
        try {
            Path original = extract("io/github/randomuseretl/bench/baselines/original_6field.py", dir);
            Path peer = extract("io/github/randomuseretl/bench/baselines/python_peer.py", dir);
            Path contract = extract(CONTRACT, dir);
            List<String> common = List.of("--url", apiUrl, "--users", String.valueOf(users), "--seed", seed, "--schema", pg.schema());
            double a = python(original, common, List.of(), "original way (6-field check of the whole document, CSV, COPY of 6 columns)");
            double b = python(peer, common, List.of("--contract", contract.toString()), "Python peer (per-record jsonschema, executemany upsert)");
            return new Figures(a, b);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private double python(Path script, List<String> common, List<String> extra, String label) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(env.getOrDefault("ETL_BENCH_PYTHON", Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3"), script.toString()));
        command.addAll(common);
        command.addAll(extra);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(libpq());
        String before = Machine.loadAverage();
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int exit = p.waitFor();
        Matcher m = RATE.matcher(output);
        if (exit != 0 || !m.find()) {
            throw new IOException(script.getFileName() + " failed (exit " + exit + "): " + output);
        }
        out.printf(Locale.ROOT, "baseline %s: %s (load average %s before, %s after)%n", label, output, before, Machine.loadAverage());
        return Double.parseDouble(m.group(1));
    }

    /** The JDBC URL's host, port and database, and the user and password, as libpq's environment. */
    private Map<String, String> libpq() {
        URI u = URI.create(pg.url().substring("jdbc:".length()));
        Map<String, String> e = new java.util.HashMap<>();
        e.put("PGHOST", u.getHost() == null ? "localhost" : u.getHost());
        e.put("PGPORT", String.valueOf(u.getPort() < 0 ? 5432 : u.getPort()));
        String db = u.getPath() == null ? "" : u.getPath().replaceFirst("^/", "");
        e.put("PGDATABASE", db.isEmpty() ? "postgres" : db);
        String user = pg.user();
        String password = pg.password();
        if (u.getQuery() != null) {
            for (String kv : u.getQuery().split("&")) {
                String[] p = kv.split("=", 2);
                if (p.length == 2 && p[0].equals("user") && user == null) {
                    user = p[1];
                } else if (p.length == 2 && p[0].equals("password") && password == null) {
                    password = p[1];
                }
            }
        }
        if (user != null) {
            e.put("PGUSER", user);
        }
        if (password != null) {
            e.put("PGPASSWORD", password);
        }
        return e;
    }

    private static Path extract(String resource, Path dir) throws IOException {
        try (InputStream in = Baselines.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is missing from the class path");
            }
            Path target = dir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        }
    }
}

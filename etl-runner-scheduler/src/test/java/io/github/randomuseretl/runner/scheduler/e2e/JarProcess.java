package io.github.randomuseretl.runner.scheduler.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shaded {@code randomuser-etl.jar} started as a child process, as operators start it: {@code java -jar},
 * settings in the environment (nothing inherited from the test's), output captured in files under
 * {@code target/e2e/}.
 */
final class JarProcess implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final String name;

    private JarProcess(Process process, Path stdout, Path stderr, String name) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.name = name;
    }

    /** @return the jar under test; the failsafe configuration names it */
    static Path jar() {
        String p = System.getProperty("etl.jar", "target/randomuser-etl.jar");
        Path jar = Path.of(p);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " not found: run the ITs through Maven (mvn verify), which builds it first");
        }
        return jar;
    }

    /**
     * @param env  the settings
     * @param args the command line
     * @return the running process
     */
    static JarProcess start(Map<String, String> env, String... args) {
        int n = COUNTER.incrementAndGet();
        String label = n + "-" + String.join("-", args).replaceAll("[^A-Za-z0-9]+", "_");
        if (label.length() > 60) {
            label = label.substring(0, 60);
        }
        try {
            Path dir = Files.createDirectories(Path.of("target", "e2e"));
            Path out = dir.resolve(label + ".out");
            Path err = dir.resolve(label + ".err");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // Start fast and small: several of these run at once on a shared machine.
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Xmx192m",
                    "-jar", jar().toString()));
            command.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().clear();
            pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            pb.environment().put("LANG", "C.UTF-8");
            pb.environment().putAll(env);
            return new JarProcess(pb.start(), out, err, label);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs a command to its end.
     *
     * @param env  the settings
     * @param args the command line
     * @return the finished process
     */
    static JarProcess run(Map<String, String> env, String... args) {
        JarProcess p = start(env, args);
        p.awaitExit(Duration.ofSeconds(90));
        return p;
    }

    /**
     * @param timeout how long to wait
     * @return the exit code
     */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + " did not exit within " + timeout + "\nstdout:\n" + out() + "\nstderr:\n" + err());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return process.exitValue();
    }

    /** @return the exit code; the process must have ended */
    int exitCode() {
        return process.exitValue();
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, as docker stop and Kubernetes send it. */
    void sigterm() {
        process.destroy();
    }

    /** SIGKILL: the process gets no chance to clean up. */
    void kill9() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String out() {
        return read(stdout);
    }

    String err() {
        return read(stderr);
    }

    /** @return stdout and stderr, for assertion messages */
    String describe() {
        return name + (process.isAlive() ? " (running)" : " (exit " + process.exitValue() + ")") + "\n--- stdout:\n" + out()
                + "\n--- stderr:\n" + err();
    }

    /**
     * @param pattern a regular expression
     * @return how many lines of stderr (the log) match it
     */
    int logLines(String pattern) {
        Pattern p = Pattern.compile(pattern);
        int n = 0;
        for (String line : err().split("\n")) {
            if (p.matcher(line).find()) {
                n++;
            }
        }
        return n;
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** @return a port nothing listens on right now */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param port a local port
     * @param path e.g. {@code /health/ready}
     * @return the response, or {@code null} if nothing answers
     */
    static HttpResponse<String> get(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * @param metrics a Prometheus text page
     * @param series  e.g. {@code etl_runs_total{status="failed"}}
     * @return its value, 0 if absent
     */
    static double metric(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /**
     * Polls until the condition holds.
     *
     * @param what      for the failure message
     * @param timeout   how long at most
     * @param condition the condition
     * @param context   more for the failure message
     */
    static void await(String what, Duration timeout, BooleanSupplier condition, java.util.function.Supplier<String> context) {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + "\n" + context.get());
    }

    /**
     * @param base settings to start from
     * @return a mutable copy
     */
    static Map<String, String> env(Map<String, String> base) {
        return new LinkedHashMap<>(base);
    }
}

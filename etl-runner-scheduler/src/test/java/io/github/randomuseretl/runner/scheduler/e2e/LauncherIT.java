package io.github.randomuseretl.runner.scheduler.e2e;

import static io.github.randomuseretl.runner.scheduler.e2e.JarProcess.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.testing.FakeRandomUserApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./randomuser-etl} as a newcomer runs it, with no ETL_DB_URL: the real launcher script and the
 * real jar as child processes, as a regular user, on the embedded PostgreSQL kept in
 * {@code ./randomuser-etl-data} of the working directory, against the fake randomuser.me API.
 *
 * <p>Who runs it. PostgreSQL refuses root, and a newcomer is a regular user, so:
 * <ul>
 *   <li>not root: the launcher runs as this user;</li>
 *   <li>root with {@code ETL_TEST_RUN_AS=USER} (CI: {@code .ci/run} creates the user): through
 *       {@code runuser -u USER};</li>
 *   <li>root without it under CI ({@code CI} set): the test fails, telling to set it: CI must run this test;</li>
 *   <li>root without it on a developer's machine: the launcher runs as root, which works where Linux user
 *       namespaces let the embedded PostgreSQL drop root; where they do not, the test fails with the
 *       launcher's own one-line refusal and how to set ETL_TEST_RUN_AS. It never skips.</li>
 * </ul>
 * The launcher and the jar are copied into a fresh directory the user can read, without sources, so the
 * launcher finds the jar up to date and runs it (its build step is Maven's business, not this test's).
 */
class LauncherIT {

    /** Names the regular user to run the launcher as, when the tests run as root. */
    static final String RUN_AS = "ETL_TEST_RUN_AS";

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private static Path tree;
    private static FakeRandomUserApi api;

    @BeforeAll
    static void copyTheLauncherAndTheJar() throws IOException {
        tree = Files.createTempDirectory("launcher-it");
        openToAll(tree);
        Path root = checkoutRoot();
        Path target = Files.createDirectories(tree.resolve("etl-runner-scheduler/target"));
        openToAll(tree.resolve("etl-runner-scheduler"));
        openToAll(target);
        Files.copy(root.resolve("randomuser-etl"), tree.resolve("randomuser-etl"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(JarProcess.jar(), target.resolve("randomuser-etl.jar"));
        Files.setPosixFilePermissions(target.resolve("randomuser-etl.jar"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(tree.resolve("randomuser-etl"), PosixFilePermissions.fromString("rwxr-xr-x"));
        api = FakeRandomUserApi.start();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (api != null) {
            api.close();
        }
        if (tree != null) {
            try (Stream<Path> paths = Files.walk(tree)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void runTwiceTheSecondFindsTheSlotAlreadyLoadedFromTheKeptData() throws Exception {
        Path work = workDir();
        Map<String, String> env = env(freePort());
        String slot = new Slot(Slot.containing(Instant.now()).start().minusSeconds(60)).toString();
        int requestsBefore = api.requests();

        Launched first = launch(work, env, "run", "--slot", slot).awaitExit(Duration.ofMinutes(3));
        assertEquals(0, first.exitCode(), first.describe());
        assertTrue(first.out().startsWith("slot " + slot + " succeeded: run ") && first.out().contains("inserted " + E2e.USERS_PER_RUN + ","),
                first.describe());
        Path data = work.resolve("randomuser-etl-data");
        assertTrue(first.err().contains("embedded PostgreSQL with its data in " + data + "; look inside with: psql -h 127.0.0.1 -p "
                + env.get("ETL_DATA_PORT") + " -U postgres randomuser; set ETL_DB_URL to use your own PostgreSQL server instead"),
                first.describe());
        assertTrue(Files.isDirectory(data.resolve("postgres")), "the data is kept in ./randomuser-etl-data");
        assertTrue(portFree(Integer.parseInt(env.get("ETL_DATA_PORT"))), "the server stops with the command that started it");

        Launched second = launch(work, env, "run", "--slot", slot).awaitExit(Duration.ofMinutes(3));
        assertEquals(0, second.exitCode(), second.describe());
        assertTrue(second.out().startsWith("slot " + slot + " was already loaded by run "), second.describe());
        assertTrue(second.out().contains("nothing to do"), second.describe());
        assertEquals(requestsBefore + 1, api.requests(), "the second run fetched nothing");
    }

    @Test
    void runsInASecondTerminalSharesTheServerServeStartedAndServeStopsItLast() throws Exception {
        Path work = workDir();
        int httpPort = freePort();
        Map<String, String> env = env(freePort());
        env.put("ETL_HTTP_PORT", Integer.toString(httpPort));
        env.put("ETL_SCHEDULE", "every 5s");
        Launched serve = launch(work, env, "serve");
        try {
            await("a successful tick", Duration.ofMinutes(2),
                    () -> JarProcess.metric(E2e.metrics(httpPort), "etl_runs_total{status=\"succeeded\"}") >= 1, serve::describe);

            Launched runs = launch(work, env(Integer.parseInt(env.get("ETL_DATA_PORT"))), "runs").awaitExit(Duration.ofMinutes(2));
            assertEquals(0, runs.exitCode(), runs.describe());
            assertTrue(runs.out().contains(" succeeded "), runs.describe());
            assertTrue(runs.err().contains("embedded PostgreSQL (already running for another randomuser-etl process)"), runs.describe());
            assertEquals(200, E2e.status(httpPort, "/health/ready"), "serve kept its database when runs left");

            serve.sigterm();
            assertEquals(0, serve.awaitExit(Duration.ofMinutes(1)).exitCode(), serve.describe());
            assertTrue(portFree(Integer.parseInt(env.get("ETL_DATA_PORT"))), "serve, the last user, stopped the server");
        } finally {
            serve.destroy();
        }
    }

    @Test
    void theFirstRunMakesAClassDataArchiveLaterStartsMapItAndAnotherJarBuildMakesItsOwn() throws Exception {
        Path work = workDir();
        Path cds = work.resolve("cache/randomuser-etl");
        Map<String, String> env = env(freePort());
        env.put("RANDOMUSER_ETL_CDS_DIR", cds.toString());
        String slot = new Slot(Slot.containing(Instant.now()).start().minusSeconds(120)).toString();

        Launched first = launch(work, env, "run", "--slot", slot).awaitExit(Duration.ofMinutes(3));
        assertEquals(0, first.exitCode(), first.describe());
        assertTrue(first.out().startsWith("slot " + slot + " succeeded: run "), "nothing of CDS on stdout\n" + first.describe());
        List<String> made = files(cds);
        assertEquals(1, made.size(), "one archive, no temporary file left: " + made);
        assertTrue(made.get(0).matches("randomuser-etl-\\d+-\\d+\\.jsa"), made.toString());

        // Which classes came from the archive: the JVM's own class loading log, not a timing.
        Path classes = work.resolve("classes.log");
        Map<String, String> logged = new LinkedHashMap<>(env);
        logged.put("JAVA_OPTS", env.get("JAVA_OPTS") + " -Xlog:class+load=info:file=" + classes);
        Launched second = launch(work, logged, "run", "--slot", slot).awaitExit(Duration.ofMinutes(3));
        assertEquals(0, second.exitCode(), second.describe());
        assertTrue(second.out().startsWith("slot " + slot + " was already loaded by run "), second.describe());
        assertTrue(Files.readString(classes).contains("io.github.randomuseretl.runner.scheduler.Main source: shared objects file (top)"),
                "the second start maps the application's classes from the archive");
        assertEquals(made, files(cds), "the archive is used, not made again");

        // A rebuilt jar (another size or time) must not map the old archive: the next run makes its own.
        Path jar = tree.resolve("etl-runner-scheduler/target/randomuser-etl.jar");
        Files.setLastModifiedTime(jar, FileTime.from(Files.getLastModifiedTime(jar).toInstant().minusSeconds(3600)));
        Launched rebuilt = launch(work, env, "run", "--slot", slot).awaitExit(Duration.ofMinutes(3));
        assertEquals(0, rebuilt.exitCode(), rebuilt.describe());
        List<String> remade = files(cds);
        assertEquals(1, remade.size(), "the old build's archive is replaced: " + remade);
        assertTrue(!remade.equals(made) && remade.get(0).matches("randomuser-etl-\\d+-\\d+\\.jsa"), made + " -> " + remade);
    }

    @Test
    void aCacheDirectoryThatCannotBeWrittenOnlyMeansNoArchive() throws Exception {
        Path work = workDir();
        Path notADirectory = Files.writeString(work.resolve("cache"), "a file");
        Map<String, String> env = env(freePort());
        env.put("RANDOMUSER_ETL_CDS_DIR", notADirectory.resolve("randomuser-etl").toString());
        String slot = new Slot(Slot.containing(Instant.now()).start().minusSeconds(180)).toString();

        Launched run = launch(work, env, "run", "--slot", slot).awaitExit(Duration.ofMinutes(3));
        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.out().startsWith("slot " + slot + " succeeded: run "), run.describe());
        assertTrue(!run.err().contains("cds") && !run.err().contains("jsa") && !run.err().contains("randomuser-etl: "),
                "not a word about the archive\n" + run.describe());
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Map<String, String> env(int dataPort) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ETL_SOURCE_URL", api.baseUrl());
        env.put("ETL_USERS_PER_RUN", Integer.toString(E2e.USERS_PER_RUN));
        env.put("ETL_HTTP_PORT", "0");
        env.put("ETL_DATA_PORT", Integer.toString(dataPort));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx192m");
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("LANG", "C.UTF-8");
        return env;
    }

    private static Path workDir() throws IOException {
        Path work = Files.createDirectories(tree.resolve("work-" + COUNTER.incrementAndGet()));
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
        return work;
    }

    /** Starts {@code ./randomuser-etl ARGS} in {@code work}, as the user this test runs it as. */
    private static Launched launch(Path work, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        String user = runAs();
        if (user != null) {
            command.addAll(List.of("runuser", "-u", user, "--"));
        }
        // env(1) sets exactly these variables, whatever runuser resets.
        command.addAll(List.of("env", "-i"));
        env.forEach((k, v) -> command.add(k + "=" + v));
        command.add(tree.resolve("randomuser-etl").toString());
        command.addAll(List.of(args));
        String label = COUNTER.incrementAndGet() + "-" + String.join("-", args).replaceAll("[^A-Za-z0-9]+", "_");
        Path out = tree.resolve(label + ".out");
        Path err = tree.resolve(label + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        return new Launched(pb.start(), out, err, label);
    }

    /**
     * @return the user to run the launcher as, or null for this process's own
     * @throws AssertionError when running as root under CI without ETL_TEST_RUN_AS, or when it names no user
     */
    private static String runAs() {
        if (!isRoot()) {
            return null;
        }
        String user = System.getenv(RUN_AS);
        if (user == null || user.isBlank()) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("LauncherIT runs as root under CI: set " + RUN_AS + " to a regular user (useradd -m etl; "
                        + RUN_AS + "=etl), as .ci/run does, so the embedded PostgreSQL runs as a newcomer's would");
            }
            return null;
        }
        try {
            Process id = new ProcessBuilder("id", "-u", user).redirectErrorStream(true).start();
            if (!id.waitFor(10, TimeUnit.SECONDS) || id.exitValue() != 0) {
                throw new AssertionError(RUN_AS + "=" + user + " names no user on this machine: create it (useradd -m " + user + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
        return user.strip();
    }

    private static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    private static Path checkoutRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("randomuser-etl")) && Files.isRegularFile(p.resolve("mvnw"))) {
                return p;
            }
        }
        throw new IllegalStateException("no randomuser-etl launcher beside mvnw above " + Path.of("").toAbsolutePath());
    }

    private static void openToAll(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        return JarProcess.freePort();
    }

    /** A launcher process and its captured output. */
    private record Launched(Process process, Path stdout, Path stderr, String label) {

        Launched awaitExit(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                destroy();
                throw new AssertionError(label + " did not exit within " + timeout + "\n" + describe());
            }
            return this;
        }

        int exitCode() {
            return process.exitValue();
        }

        String out() {
            return read(stdout);
        }

        String err() {
            return read(stderr);
        }

        /**
         * SIGTERM to the JVM itself (the launcher execs it), as Ctrl-C or a service manager would stop it;
         * not to runuser, which would follow up with SIGKILL after two seconds.
         */
        void sigterm() {
            process.descendants().filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)).findFirst()
                    .orElse(process.toHandle()).destroy();
        }

        void destroy() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }

        String describe() {
            String user = System.getenv(RUN_AS);
            String shownUser = isRoot() && (user == null || user.isBlank()) ? "root; set " + RUN_AS + "=<a regular user> to run this "
                    + "test as one" : user == null ? System.getProperty("user.name") : user;
            return label + " as " + shownUser + (process.isAlive() ? " (running)" : " (exit " + process.exitValue() + ")")
                    + "\n--- stdout:\n" + out() + "\n--- stderr:\n" + err();
        }

        private static String read(Path p) {
            try {
                return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

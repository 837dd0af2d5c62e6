package io.github.randomuseretl.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A program from outside the JVM a deployment test runs (promtool, python3 with Jinja2), and the policy
 * when it is missing: CI sets the variable named by the tool ({@code .ci/run} exports it after
 * installing the tool), and there a missing tool fails the test; elsewhere (a plain clone with only a
 * JDK) the test is skipped with one line that says what to install.
 */
public final class ExternalTool {

    /**
     * What a finished program did.
     *
     * @param exitCode its exit code
     * @param output   stdout and stderr, interleaved
     */
    public record Result(int exitCode, String output) {
    }

    private ExternalTool() {
    }

    /**
     * @param name      the program, looked up on the PATH, or an absolute path
     * @param requiredBy the variable that makes it mandatory, e.g. {@code ETL_REQUIRE_PROMTOOL}
     * @param install   how to get it, for the message
     * @return the program's path; skips the test (or fails it, when required) if it is missing
     */
    public static Path require(String name, String requiredBy, String install) {
        Optional<Path> found = find(name);
        if (found.isEmpty()) {
            missing(name + " not found", requiredBy, install);
        }
        return found.orElseThrow();
    }

    /**
     * Skips the test, or fails it when {@code requiredBy} is set.
     *
     * @param what       what is missing
     * @param requiredBy the variable that makes it mandatory
     * @param install    how to get it
     */
    public static void missing(String what, String requiredBy, String install) {
        String line = what + " (" + install + ")";
        String required = System.getenv(requiredBy);
        if (required != null && !required.isBlank() && !required.equals("0")) {
            fail(line + ", and " + requiredBy + "=" + required + " requires it: CI installs it in .ci/run");
        }
        // One line in the build output too: Surefire only counts a skip.
        System.err.println("SKIPPED: " + line + "; set " + requiredBy + "=1 to make this a failure");
        Assumptions.abort(line);
    }

    /**
     * Runs a program to its end.
     *
     * @param command the program and its arguments
     * @param dir     the working directory
     * @param env     variables to add to the test's environment
     * @param timeout how long at most
     * @return what it did
     */
    public static Result run(List<String> command, Path dir, Map<String, String> env, Duration timeout) {
        try {
            Path output = Files.createTempFile("external-tool", ".out");
            try {
                ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
                        .redirectErrorStream(true).redirectOutput(output.toFile());
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    fail(command + " did not finish within " + timeout + ":\n" + Files.readString(output, StandardCharsets.UTF_8));
                }
                return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static Optional<Path> find(String name) {
        Path direct = Path.of(name);
        if (direct.isAbsolute()) {
            return Files.isExecutable(direct) ? Optional.of(direct) : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Optional.of(Path.of(dir, name));
            }
        }
        return Optional.empty();
    }
}

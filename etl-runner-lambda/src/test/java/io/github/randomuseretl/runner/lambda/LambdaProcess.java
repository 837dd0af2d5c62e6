package io.github.randomuseretl.runner.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import java.io.BufferedInputStream;
import java.io.File;
import software.amazon.awssdk.utilslite.SdkInternalThreadLocal;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A deployment package started the way the Lambda Java runtime starts it: the jar unpacked into a task
 * root that is the working directory, and a child JVM running the real AWS Lambda Runtime Interface
 * Client ({@link AWSLambda}) with the handler name as argument and the reserved environment variables
 * Lambda sets, polling the Runtime API at {@code AWS_LAMBDA_RUNTIME_API}.
 *
 * <p>The client's native part may crash once the Runtime API it polls goes away, so {@link #close}
 * destroys the JVM after its last answer, and its crash files go to {@code /tmp}, never the work tree.
 */
final class LambdaProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final long startedNanos;

    private LambdaProcess(Process process, Path log, long startedNanos) {
        this.process = process;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    /**
     * Unpacks a deployment package as Lambda does into {@code /var/task}. Slow on some file systems
     * (thousands of small files), so do it once and start several functions from the result.
     *
     * @param deploymentPackage the shaded jar
     * @param dir               an empty directory
     * @return the task root
     * @throws IOException if the package cannot be unpacked
     */
    static Path unpack(Path deploymentPackage, Path dir) throws IOException {
        Path taskRoot = Files.createDirectories(dir.resolve("task"));
        unzip(deploymentPackage, taskRoot);
        return taskRoot;
    }

    /**
     * @param taskRoot    an unpacked deployment package, the function's working directory
     * @param log         where the function's stdout and stderr go
     * @param handler     e.g. {@code pkg.LambdaHandler::handleRequest}
     * @param runtimeApi  {@code host:port} of the Runtime API
     * @param functionEnv the function's own environment variables
     * @return the started process
     * @throws IOException if the JVM cannot be started
     */
    static LambdaProcess start(Path taskRoot, Path log, String handler, String runtimeApi,
                               Map<String, String> functionEnv) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(javaHome(), "bin", "java").toString());
        // Close to the flags the managed java17/java21 runtimes start the JVM with.
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xshare:auto");
        command.add("-Xmx384m");
        command.add("-XX:ErrorFile=/tmp/randomuser-etl-lambda-hs_err_pid%p.log");
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-cp");
        command.add(runtimeClasspath());
        command.add(AWSLambda.class.getName());
        command.add(handler);

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(taskRoot.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("TZ", ":UTC");
        env.put("LANG", "en_US.UTF-8");
        env.put("_HANDLER", handler);
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("AWS_LAMBDA_FUNCTION_NAME", "randomuser-etl");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/randomuser-etl");
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[$LATEST]0123456789abcdef");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_REGION", "eu-central-1");
        env.put("AWS_DEFAULT_REGION", "eu-central-1");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.putAll(functionEnv);
        long started = System.nanoTime();
        return new LambdaProcess(builder.start(), log, started);
    }

    /** @return the JDK the function runs on: {@code -Detl.lambda.javaHome=...} (e.g. a Java 21 JDK), else this JVM's */
    static String javaHome() {
        String home = System.getProperty("etl.lambda.javaHome", "");
        return home.isBlank() ? System.getProperty("java.home") : home;
    }

    /** @return {@link System#nanoTime()} just before the JVM was started */
    long startedNanos() {
        return startedNanos;
    }

    /** @return whether the JVM is still running */
    boolean isAlive() {
        return process.isAlive();
    }

    /** @return everything the function wrote to stdout and stderr so far */
    String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The runtime's own jars: the client and what it needs, as the managed runtime puts them on the class path. */
    private static String runtimeClasspath() {
        List<String> entries = new ArrayList<>();
        for (Class<?> c : List.of(AWSLambda.class, Context.class, PojoSerializer.class, SdkInternalThreadLocal.class)) {
            entries.add(locationOf(c));
        }
        Map<String, String> unique = new LinkedHashMap<>();
        entries.forEach(e -> unique.put(e, e));
        return String.join(File.pathSeparator, unique.keySet());
    }

    private static String locationOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void unzip(Path zip, Path target) throws IOException {
        Set<Path> made = new HashSet<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(zip), 1 << 16); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                Path out = target.resolve(e.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("entry outside the task root: " + e.getName());
                }
                Path dir = e.isDirectory() ? out : out.getParent();
                if (made.add(dir)) {
                    Files.createDirectories(dir);
                }
                if (!e.isDirectory()) {
                    Files.copy(z, out);
                }
            }
        }
    }
}

package io.github.randomuseretl.core.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real S3-protocol server for a test class: s3rver (npm), installed once into
 * {@code ~/.cache/randomuser-etl/s3rver-VERSION} with the machine's npm, started on a free loopback port
 * with the bucket {@link #BUCKET}, and stopped after the class. Needs Node.js and npm (and the npm
 * registry, once): without them the test is skipped with one line, as the deployment tests are for their
 * tools, unless {@code ETL_REQUIRE_S3RVER} is set ({@code .ci/run} sets it), where it fails.
 */
public final class S3rver implements BeforeAllCallback, AfterAllCallback {

    public static final String BUCKET = "lake";
    private static final String VERSION = "3.7.1";
    private static final String REQUIRED_BY = "ETL_REQUIRE_S3RVER";
    private static final String INSTALL = "install Node.js and npm, e.g. apt-get install nodejs npm";
    private static final Pattern LISTENING = Pattern.compile("listening on ([0-9.]+):(\\d+)");

    private Process process;
    private String endpoint;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path home = Path.of(System.getProperty("user.home"), ".cache", "randomuser-etl", "s3rver-" + VERSION);
        Path script = home.resolve("node_modules/s3rver/bin/s3rver.js");
        Path node = ExternalTool.require("node", REQUIRED_BY, INSTALL);
        if (!Files.isRegularFile(script)) {
            ExternalTool.require("npm", REQUIRED_BY, INSTALL);
            Files.createDirectories(home);
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--prefix", home.toString(), "s3rver@" + VERSION)
                    .redirectErrorStream(true).redirectOutput(home.resolve("npm-install.log").toFile()).start();
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0 || !Files.isRegularFile(script)) {
                npm.destroyForcibly();
                ExternalTool.missing("could not install s3rver " + VERSION + " with npm; see " + home.resolve("npm-install.log"),
                        REQUIRED_BY, "the npm registry must be reachable once");
            }
        }
        Path data = Files.createTempDirectory("s3rver");
        process = new ProcessBuilder(List.of(node.toString(), script.toString(), "-d", data.toString(), "-a", "127.0.0.1", "-p", "0",
                "--configure-bucket", BUCKET)).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String line;
        while ((line = out.readLine()) != null && System.nanoTime() < until) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                endpoint = "http://" + m.group(1) + ":" + m.group(2);
                break;
            }
        }
        if (endpoint == null) {
            process.destroyForcibly();
            throw new IllegalStateException("s3rver did not start");
        }
        // Keep draining its log so it never blocks on a full pipe.
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "s3rver-log");
        drain.setDaemon(true);
        drain.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** @return e.g. {@code http://127.0.0.1:41011} */
    public String endpoint() {
        return endpoint;
    }
}

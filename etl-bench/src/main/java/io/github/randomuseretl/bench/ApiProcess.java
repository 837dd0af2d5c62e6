package io.github.randomuseretl.bench;

import io.github.randomuseretl.core.testing.FakeRandomUserApi;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The loopback randomuser.me stand-in in a child JVM of its own, so the CPU it spends building pages
 * is not counted as the pipeline's: the benchmark's process CPU time is then the pipeline's alone. The
 * child prints its base URL and serves until its standard input closes.
 */
final class ApiProcess implements AutoCloseable {

    private final Process process;
    private final String baseUrl;

    private ApiProcess(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /**
     * @return the running stand-in, on the same Java and class path as this JVM
     * @throws IOException if it cannot start
     */
    static ApiProcess start() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ApiProcess.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String url = lines.readLine();
        if (url == null || !url.startsWith("http://")) {
            p.destroyForcibly();
            throw new IOException("the stand-in API process did not start (said " + url + ")");
        }
        return new ApiProcess(p, url);
    }

    /** @return e.g. {@code http://127.0.0.1:41234} */
    String baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /**
     * The child: serves until standard input closes.
     *
     * @param args none
     * @throws IOException if standard input fails
     */
    public static void main(String[] args) throws IOException {
        try (FakeRandomUserApi api = FakeRandomUserApi.start()) {
            System.out.println(api.baseUrl());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the parent closes our stdin (or dies)
            }
        }
    }
}

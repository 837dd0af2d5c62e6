package io.github.randomuseretl.runner.scheduler.e2e;

import static io.github.randomuseretl.runner.scheduler.e2e.E2e.status;
import static io.github.randomuseretl.runner.scheduler.e2e.JarProcess.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code serve}'s health port under slow clients, as a Kubernetes liveness probe meets it: 100 real
 * sockets each sending half a request head, then nothing.
 */
class OpsPortIT {

    @RegisterExtension
    static final MigratedEnvironment ENV = new MigratedEnvironment();

    @Test
    void aHundredClientsHoldingHalfARequestNeitherDelayLivenessNorKeepTheirConnections() throws Exception {
        int port = JarProcess.freePort();
        Map<String, String> env = ENV.env();
        env.put("ETL_SCHEDULE", "every 1h");
        env.put("ETL_HTTP_PORT", Integer.toString(port));
        env.put("ETL_HTTP_BIND", "127.0.0.1");
        try (JarProcess serve = JarProcess.start(env, "serve")) {
            await("the health endpoint", Duration.ofSeconds(30), () -> status(port, "/health/live") == 200, serve::describe);
            assertTrue(serve.err().contains("health and metrics on 127.0.0.1:" + port), serve.describe());

            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 100; i++) {
                    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                    s.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    slow.add(s);
                }
                Thread.sleep(500);
                long start = System.nanoTime();
                int live = status(port, "/health/live");
                long millis = (System.nanoTime() - start) / 1_000_000;
                System.out.println("OpsPortIT: /health/live of the jar answered " + live + " in " + millis
                        + " ms while 100 clients each held half a request");
                assertEquals(200, live);
                assertTrue(millis < 1000, "answered in " + millis + " ms");

                // The request-head timeout (5 s, checked every second) closes each half request's connection.
                long waitStart = System.nanoTime();
                int closed = 0;
                for (Socket s : slow) {
                    s.setSoTimeout(15_000);
                    if (closedByServer(s.getInputStream())) {
                        closed++;
                    }
                }
                long waited = (System.nanoTime() - waitStart) / 1_000_000;
                System.out.println("OpsPortIT: the server closed " + closed + " of 100 half requests within " + waited + " ms");
                assertEquals(100, closed, "every half request is cut off by the head timeout");
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
            assertEquals(200, status(port, "/health/live"));
        }
    }

    /** @return true if the server closed the connection (end of stream or a reset) before the read timed out */
    private static boolean closedByServer(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // a 4xx the server may send before closing
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}

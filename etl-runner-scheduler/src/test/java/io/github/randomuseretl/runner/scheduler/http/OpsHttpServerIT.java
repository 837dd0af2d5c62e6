package io.github.randomuseretl.runner.scheduler.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.catchup.Gap;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.run.RunStatus;
import io.github.randomuseretl.runner.scheduler.observe.LedgerProbe;
import io.github.randomuseretl.runner.scheduler.observe.MissingSlots;
import io.github.randomuseretl.runner.scheduler.observe.Readiness;
import io.github.randomuseretl.runner.scheduler.observe.RunMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpsHttpServerIT {

    private final AtomicBoolean live = new AtomicBoolean(true);
    private final AtomicBoolean dbUp = new AtomicBoolean(true);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RunMetrics metrics = new RunMetrics(registry);
    private final HttpClient http = HttpClient.newHttpClient();
    private Readiness readiness;
    private OpsHttpServer server;

    @BeforeEach
    void start() throws Exception {
        LedgerProbe probe = new LedgerProbe() {
            @Override
            public void ping() {
                if (!dbUp.get()) {
                    throw new IllegalStateException("cannot connect to PostgreSQL at db:5432/etl: Connection refused");
                }
            }

            @Override
            public Optional<Instant> lastSuccessAt() {
                return Optional.of(Instant.now().minusSeconds(10));
            }

            @Override
            public List<Gap> missingSlots() {
                return List.of(new Gap(Slot.parse("2026-01-01T11:58Z"), 2, RunStatus.FAILED, "source: HTTP 503 \"down\""),
                        new Gap(Slot.parse("2026-01-01T11:59Z"), 0, null, null));
            }
        };
        readiness = new Readiness(probe, metrics, new MissingSlots(registry), Clock.systemUTC(), Duration.ofMinutes(5),
                Duration.ofSeconds(2));
        server = OpsHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), live::get, readiness, registry);
    }

    @AfterEach
    void stop() {
        server.close();
        readiness.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void livenessFollowsTheLoop() throws Exception {
        assertEquals(200, get("/health/live").statusCode());
        live.set(false);
        HttpResponse<String> r = get("/health/live");
        assertEquals(503, r.statusCode());
        assertEquals("{\"status\":\"DOWN\"}", r.body());
    }

    @Test
    void readinessAnswers503WithTheReasonWhenTheDatabaseIsDown() throws Exception {
        HttpResponse<String> up = get("/health/ready");
        assertEquals(200, up.statusCode());
        assertTrue(up.body().startsWith("{\"status\":\"UP\",\"checks\":{\"database\":\"up\",\"lastSuccess\":\""), up.body());
        assertTrue(up.body().endsWith("\"missingSlots\":[{\"slot\":\"2026-01-01T11:58Z\",\"runs\":2,\"lastStatus\":\"failed\","
                + "\"lastError\":\"source: HTTP 503 \\\"down\\\"\"},{\"slot\":\"2026-01-01T11:59Z\",\"runs\":0,\"lastStatus\":null,"
                + "\"lastError\":null}]}"), "ready, and the missing slots listed: " + up.body());
        assertEquals("application/json", up.headers().firstValue("Content-Type").orElseThrow());

        dbUp.set(false);
        HttpResponse<String> down = get("/health/ready");
        assertEquals(503, down.statusCode());
        assertTrue(down.body().startsWith("{\"status\":\"DOWN\",\"checks\":{\"database\":\"down: cannot connect to PostgreSQL at "
                + "db:5432/etl: Connection refused\"},\"missingSlots\":["), down.body());
    }

    @Test
    void metricsAreServedInPrometheusTextFormat() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
        assertTrue(r.body().contains("# TYPE etl_runs_total counter"), r.body());
        assertTrue(r.body().contains("etl_runs_total{status=\"failed\"} 0.0"), r.body());
        assertTrue(r.body().contains("# TYPE etl_last_success_timestamp_seconds gauge"), r.body());
        assertTrue(r.body().contains("etl_runs_total{status=\"deferred\"} 0.0"), r.body());
        get("/health/ready");
        assertTrue(get("/metrics").body().contains("etl_slots_missing 2.0"), "the readiness check read the ledger's missing slots");
    }

    @Test
    void aHundredClientsHoldingHalfARequestDoNotDelayLiveness() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
                s.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                slow.add(s);
            }
            Thread.sleep(300); // let the server start reading every half request
            long start = System.nanoTime();
            HttpResponse<String> r = get("/health/live");
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("OpsHttpServerIT: /health/live answered in " + millis + " ms beside 100 half-sent requests");
            assertEquals(200, r.statusCode());
            assertTrue(millis < 1000, "answered in " + millis + " ms");
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void bindsOnlyTheAddressItIsGiven() throws Exception {
        assertEquals("127.0.0.1:" + server.port(), server.address());
    }

    @Test
    void unknownPathsAndMethodsAreRefused() throws Exception {
        assertEquals(404, get("/").statusCode());
        assertEquals(404, get("/health/live/x").statusCode());
        assertEquals(404, get("/metricsx").statusCode());
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }
}

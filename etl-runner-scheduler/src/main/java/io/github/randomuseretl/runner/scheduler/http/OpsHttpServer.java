package io.github.randomuseretl.runner.scheduler.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.randomuseretl.core.catchup.Gap;
import io.github.randomuseretl.runner.scheduler.config.Masking;
import io.github.randomuseretl.runner.scheduler.observe.Readiness;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Health and metrics over HTTP for orchestrators and Prometheus, on the JDK's own server:
 * <ul>
 *   <li>{@code GET /health/live}: 200 while the scheduler loop is alive, else 503;</li>
 *   <li>{@code GET /health/ready}: 200 if {@link Readiness} passes, else 503; a JSON body says why and
 *       lists the slots inside the catch-up window that have no succeeded run ({@code missingSlots});</li>
 *   <li>{@code GET /metrics}: every meter in Prometheus' text format.</li>
 * </ul>
 */
public final class OpsHttpServer implements AutoCloseable {

    /** Prometheus' classic text exposition format. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private OpsHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds and starts the server.
     *
     * @param port      the port, 0 for any free one
     * @param live      whether the process is alive
     * @param readiness the readiness check
     * @param registry  the meters
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    public static OpsHttpServer start(int port, BooleanSupplier live, Readiness readiness, PrometheusMeterRegistry registry)
            throws IOException {
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(registry, "registry");
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "ops-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/health/live", ex -> handle(ex, () -> {
            boolean up = live.getAsBoolean();
            send(ex, up ? 200 : 503, "application/json", up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
        }));
        server.createContext("/health/ready", ex -> handle(ex, () -> {
            Readiness.Result r = readiness.check();
            send(ex, r.ready() ? 200 : 503, "application/json", json(r));
        }));
        server.createContext("/metrics", ex -> handle(ex, () -> send(ex, 200, PROMETHEUS_TEXT, registry.scrape())));
        server.createContext("/", ex -> handle(ex, () -> send(ex, 404, "text/plain; charset=utf-8", "Not Found")));
        server.start();
        return new OpsHttpServer(server, executor);
    }

    /** @return the bound port */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private interface Handler {
        void handle() throws IOException;
    }

    private static void handle(HttpExchange ex, Handler h) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain; charset=utf-8", "Method Not Allowed");
                return;
            }
            String context = ex.getHttpContext().getPath();
            if (!context.equals("/") && !ex.getRequestURI().getPath().equals(context)) {
                // Contexts match by prefix; only the exact paths exist.
                send(ex, 404, "text/plain; charset=utf-8", "Not Found");
                return;
            }
            h.handle();
        } catch (RuntimeException e) {
            send(ex, 500, "text/plain; charset=utf-8", "Internal Server Error");
        }
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static String json(Readiness.Result r) {
        StringBuilder sb = new StringBuilder("{\"status\":\"").append(r.ready() ? "UP" : "DOWN").append("\",\"checks\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : r.details().entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            quote(sb, e.getKey());
            sb.append(':');
            quote(sb, e.getValue());
        }
        sb.append("},\"missingSlots\":[");
        for (int i = 0; i < r.missingSlots().size(); i++) {
            Gap g = r.missingSlots().get(i);
            sb.append(i == 0 ? "" : ",").append("{\"slot\":");
            quote(sb, g.slot().toString());
            sb.append(",\"runs\":").append(g.runs()).append(",\"lastStatus\":");
            if (g.lastStatus() == null) {
                sb.append("null");
            } else {
                quote(sb, g.lastStatus().text());
            }
            sb.append(",\"lastError\":");
            if (g.lastError() == null) {
                sb.append("null");
            } else {
                quote(sb, Masking.text(g.lastError()));
            }
            sb.append('}');
        }
        return sb.append("]}").toString();
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}

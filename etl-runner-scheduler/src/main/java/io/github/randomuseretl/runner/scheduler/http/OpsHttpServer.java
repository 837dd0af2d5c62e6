package io.github.randomuseretl.runner.scheduler.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.randomuseretl.core.catchup.Gap;
import io.github.randomuseretl.logging.Redactor;
import io.github.randomuseretl.runner.scheduler.observe.Readiness;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Health and metrics over HTTP for orchestrators and Prometheus, on the JDK's own server:
 * <ul>
 *   <li>{@code GET /health/live}: 200 while the scheduler loop is alive, else 503;</li>
 *   <li>{@code GET /health/ready}: 200 if {@link Readiness} passes, else 503; a JSON body says why and
 *       lists the slots inside the catch-up window that have no succeeded run ({@code missingSlots});</li>
 *   <li>{@code GET /metrics}: every meter in Prometheus' text format.</li>
 * </ul>
 *
 * <p><b>Slow and idle clients.</b> The JDK's server accepts and watches connections on one selector
 * thread, so a client that connects and sends nothing costs no thread; but once the first bytes of a
 * request arrive it reads the rest of the request head <em>blocking, on an executor thread</em>. A
 * client that sends half a head therefore holds a thread. So:
 * <ul>
 *   <li>a request must arrive whole within {@value #REQUEST_SECONDS} s
 *       ({@code sun.net.httpserver.maxReqTime}; the server's timer checks every second), else its
 *       connection is closed and its thread freed;</li>
 *   <li>each request gets a thread of its own, up to {@value #MAX_THREADS} at once (threads are made when
 *       needed and end after 30 s idle), so slow clients never queue a probe behind them; beyond that
 *       a new request is refused (its connection closed), never queued;</li>
 *   <li>at most {@value #MAX_CONNECTIONS} connections are open at once
 *       ({@code jdk.httpserver.maxConnections}), idle ones included.</li>
 * </ul>
 * The two {@code sun.net}/{@code jdk.httpserver} settings are JVM-wide system properties that the JDK
 * reads once, when the first server of the process starts; they are set here unless the operator set
 * them with {@code -D}. (Chosen over a server library: three GET endpoints need no more, and the jar
 * stays small; see the module README.)
 */
public final class OpsHttpServer implements AutoCloseable {

    /** Prometheus' classic text exposition format. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    /** Seconds a request (line and headers) may take to arrive. */
    static final int REQUEST_SECONDS = 5;
    /** Most requests handled at once, each on its own thread. */
    static final int MAX_THREADS = 256;
    /** Most connections open at once. */
    static final int MAX_CONNECTIONS = 1024;

    static {
        setIfAbsent("sun.net.httpserver.maxReqTime", Integer.toString(REQUEST_SECONDS));
        setIfAbsent("jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS));
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private OpsHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds and starts the server.
     *
     * @param address   the address and port (port 0 for any free one)
     * @param live      whether the process is alive
     * @param readiness the readiness check
     * @param registry  the meters
     * @return the running server
     * @throws IOException if the address cannot be bound
     */
    public static OpsHttpServer start(InetSocketAddress address, BooleanSupplier live, Readiness readiness,
            PrometheusMeterRegistry registry) throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(registry, "registry");
        HttpServer server = HttpServer.create(address, 128);
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(0, MAX_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            // Small stacks: a thread here parses a request head or writes a few KiB.
            Thread t = new Thread(null, r, "ops-http-" + threads.incrementAndGet(), 256 * 1024);
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

    /** @return e.g. {@code 0.0.0.0:8080}, for the log */
    public String address() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
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
                quote(sb, Redactor.credentials(g.lastError()));
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

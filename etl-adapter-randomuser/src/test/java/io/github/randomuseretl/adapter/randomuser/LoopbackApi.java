package io.github.randomuseretl.adapter.randomuser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * randomuser.me on loopback ({@code com.sun.net.httpserver}) for the source's tests. By default it
 * answers like the API with a recorded response chosen by {@link #fixtures(Function)}, its {@code info}
 * echoing the request. Scripted replies ({@link #then}) are used first, one per request: faults such as
 * errors, delays, truncated or oversized bodies, a wrong content type.
 */
final class LoopbackApi implements AutoCloseable {

    /** What a request asked for. */
    record Request(String path, Map<String, String> query, Map<String, List<String>> headers) {
        String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    /** One scripted answer. */
    @FunctionalInterface
    interface Reply {
        void send(HttpExchange exchange, Request request, LoopbackApi api) throws IOException;
    }

    private static final Pattern PATH = Pattern.compile("/api/(1\\.[0-9])/?");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-randomuser-api");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Request, String> fixtures = r -> "v1.4/seed-single-results-1.json";
    private volatile boolean gzip;

    LoopbackApi() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** @param chooser the recorded response for a request; @return this */
    LoopbackApi fixtures(Function<Request, String> chooser) {
        fixtures = chooser;
        return this;
    }

    /** Compress default answers when the client accepts gzip. */
    LoopbackApi gzip(boolean on) {
        gzip = on;
        return this;
    }

    /** Scripts the next answers, in order; afterwards default answers resume. */
    synchronized LoopbackApi then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Request request = new Request(exchange.getRequestURI().getPath(),
                    ApiResponses.query(exchange.getRequestURI().getRawQuery()), Map.copyOf(exchange.getRequestHeaders()));
            requests.add(request);
            Reply reply;
            synchronized (this) {
                reply = script.poll();
            }
            (reply == null ? fixture() : reply).send(exchange, request, this);
        } catch (IOException e) {
            // the client hung up, as some tests make it do
        }
    }

    /** The body a default answer would have. */
    byte[] defaultBody(Request request) {
        Matcher m = PATH.matcher(request.path());
        String version = m.matches() ? m.group(1) : "1.4";
        return ApiResponses.echoing(fixtures.apply(request), request.query(), version);
    }

    // ---- replies ----

    /** Like the API: the chosen recording, {@code info} echoing the request; gzip if switched on and accepted. */
    static Reply fixture() {
        return (ex, req, api) -> {
            Matcher m = PATH.matcher(req.path());
            if (!m.matches()) {
                send(ex, 404, "text/html; charset=utf-8", "Not Found".getBytes(StandardCharsets.UTF_8), Map.of());
                return;
            }
            byte[] body = api.defaultBody(req);
            String accept = req.header("Accept-encoding");
            if (api.gzip && accept != null && accept.contains("gzip")) {
                send(ex, 200, "application/json; charset=utf-8", gzipped(body), Map.of("Content-Encoding", "gzip"));
            } else {
                send(ex, 200, "application/json; charset=utf-8", body, Map.of());
            }
        };
    }

    /** A fixed answer. */
    static Reply status(int status, String contentType, String body, Map<String, String> headers) {
        return (ex, req, api) -> send(ex, status, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** Bytes as given, with a JSON content type and a correct length. */
    static Reply json(byte[] body) {
        return (ex, req, api) -> send(ex, 200, "application/json", body, Map.of());
    }

    /** The default answer's bytes transformed, e.g. cut short; the length header matches what is sent. */
    static Reply transformed(Function<byte[], byte[]> change) {
        return (ex, req, api) -> send(ex, 200, "application/json; charset=utf-8", change.apply(api.defaultBody(req)), Map.of());
    }

    /** The default answer without a length header (chunked), so only counting can enforce a cap. */
    static Reply chunked() {
        return (ex, req, api) -> {
            byte[] body = api.defaultBody(req);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < body.length; i += 8192) {
                    out.write(body, i, Math.min(8192, body.length - i));
                }
            }
        };
    }

    /** A small gzip body that inflates past any sane cap: the default answer padded with whitespace. */
    static Reply gzipBomb(int paddingBytes) {
        return (ex, req, api) -> {
            byte[] body = api.defaultBody(req);
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            try (GZIPOutputStream z = new GZIPOutputStream(raw)) {
                z.write(body, 0, 1);
                byte[] spaces = new byte[8192];
                java.util.Arrays.fill(spaces, (byte) ' ');
                for (int i = 0; i < paddingBytes; i += spaces.length) {
                    z.write(spaces, 0, Math.min(spaces.length, paddingBytes - i));
                }
                z.write(body, 1, body.length - 1);
            }
            send(ex, 200, "application/json", raw.toByteArray(), Map.of("Content-Encoding", "gzip"));
        };
    }

    /** Waits before the headers. */
    static Reply delayed(Duration delay, Reply then) {
        return (ex, req, api) -> {
            sleep(delay);
            then.send(ex, req, api);
        };
    }

    /** Sends headers and half the body, then stalls. */
    static Reply stallMidBody(Duration stall) {
        return (ex, req, api) -> {
            byte[] body = api.defaultBody(req);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            OutputStream out = ex.getResponseBody();
            out.write(body, 0, body.length / 2);
            out.flush();
            sleep(stall);
        };
    }

    static byte[] gzipped(byte[] body) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(raw)) {
            z.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return raw.toByteArray();
    }

    private static void send(HttpExchange ex, int status, String contentType, byte[] body, Map<String, String> headers)
            throws IOException {
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.github.randomuseretl.runner.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The part of the AWS Lambda Runtime API a runtime interface client talks to, served on loopback:
 * {@code GET /2018-06-01/runtime/invocation/next} hands out queued events (long poll), and
 * {@code POST .../invocation/{id}/response}, {@code .../invocation/{id}/error} and {@code .../init/error}
 * collect the answers. Enough to start a function the way Lambda does and watch it work.
 */
final class LambdaRuntimeApi implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";
    private static final int MAX_BODY = 1024 * 1024;

    /** What the function answered to one event. */
    record Answer(String requestId, boolean error, String errorType, String body, long deliveredNanos, long answeredNanos) {

        /** @return from handing the event to the client until its answer arrived */
        Duration duration() {
            return Duration.ofNanos(answeredNanos - deliveredNanos);
        }
    }

    private record Pending(String requestId, byte[] event, Duration timeout, CompletableFuture<Answer> answer) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lambda-runtime-api");
        t.setDaemon(true);
        return t;
    });
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Long> deliveredAt = new ConcurrentHashMap<>();
    private final CompletableFuture<Long> firstPoll = new CompletableFuture<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private volatile boolean closed;

    LambdaRuntimeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext(PREFIX, this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** @return {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API} */
    String address() {
        return server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /**
     * Queues an event; the client receives it with its next poll.
     *
     * @param event   the payload
     * @param timeout the function's remaining time, sent as the deadline
     * @return the function's answer, once it arrives
     */
    CompletableFuture<Answer> invoke(byte[] event, Duration timeout) {
        Pending p = new Pending(UUID.randomUUID().toString(), event.clone(), timeout, new CompletableFuture<>());
        queue.add(p);
        return p.answer();
    }

    /** @return completes with {@link System#nanoTime()} of the client's first poll: the end of its init */
    CompletableFuture<Long> firstPoll() {
        return firstPoll;
    }

    /** @return completes with the body of an init error, if the function reports one */
    CompletableFuture<String> initError() {
        return initError;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("invocation/next")) {
                next(exchange);
            } else if (method.equals("POST") && path.equals("init/error")) {
                initError.complete(readBody(exchange));
                reply(exchange, 202, "{\"status\":\"OK\"}");
            } else if (method.equals("POST") && path.startsWith("invocation/")
                    && (path.endsWith("/response") || path.endsWith("/error"))) {
                long now = System.nanoTime();
                boolean error = path.endsWith("/error");
                String requestId = path.substring("invocation/".length(), path.lastIndexOf('/'));
                String body = readBody(exchange);
                Pending p = inFlight.remove(requestId);
                if (p == null) {
                    reply(exchange, 400, "{\"errorMessage\":\"unknown request id " + requestId + "\"}");
                    return;
                }
                p.answer().complete(new Answer(requestId, error,
                        exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"), body,
                        deliveredAt.remove(requestId), now));
                reply(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                reply(exchange, 404, "{\"errorMessage\":\"no route " + method + " " + path + "\"}");
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        firstPoll.complete(System.nanoTime());
        Pending p = null;
        try {
            while (p == null && !closed) {
                p = queue.poll(200, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (p == null) {
            reply(exchange, 500, "{\"errorMessage\":\"runtime API closed\"}");
            return;
        }
        deliveredAt.put(p.requestId(), System.nanoTime());
        inFlight.put(p.requestId(), p);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", p.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + p.timeout().toMillis()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-central-1:123456789012:function:randomuser-etl");
        headers.set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
        exchange.sendResponseHeaders(200, p.event().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(p.event());
        }
    }

    private static String readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY);
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }
}

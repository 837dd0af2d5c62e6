package io.github.randomuseretl.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for randomuser.me on loopback, for end-to-end tests and benchmarks of the runners.
 *
 * <p>{@code GET /api/1.4/?results=N&seed=S&page=P[&nat=XX]} answers like the real API: N real
 * recorded users (from the recorded fixtures in testdata/randomuser; 1.3 for {@code /api/1.3/}) with {@code login.uuid}
 * rewritten from (seed, page, position), so the same request always gives the same users, another seed
 * or page gives distinct ones, and {@code info} matches the request. Without a seed it invents one,
 * as the API does. {@code inc=name,email,login,nat} serves the recorded narrow users (only those
 * fields); another {@code inc} is refused with 400, since no recording of it exists. Faults can be
 * scripted: a number of failing answers, a down period, a delay, and the real API's per-client budget
 * ({@link #limitUsers}).
 */
public final class FakeRandomUserApi implements AutoCloseable {

    private static final Pattern UUID_FIELD = Pattern.compile("\"uuid\":\"[0-9a-fA-F-]{36}\"");
    private static final Pattern NAT_FIELD = Pattern.compile("\"nat\":\"([A-Z]+)\"");
    private static final Pattern API_PATH = Pattern.compile("/api/(1\\.[34])/?");
    private static final Map<String, List<String>> POOLS = new HashMap<>();
    private static final java.util.Set<String> INC_RECORDED = new java.util.TreeSet<>(List.of("name", "email", "login", "nat"));

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-randomuser-api");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 500;
    private volatile boolean down;
    private volatile Duration delay = Duration.ZERO;
    private final AtomicReference<String> lastQuery = new AtomicReference<>();
    private final UserBudget budget = new UserBudget();

    private FakeRandomUserApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/api/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /**
     * Starts a server on a free loopback port.
     *
     * @return the running server; close it after the test
     */
    public static FakeRandomUserApi start() {
        try {
            return new FakeRandomUserApi();
        } catch (IOException e) {
            throw new IllegalStateException("could not start the fake randomuser API", e);
        }
    }

    /** @return e.g. {@code http://127.0.0.1:41234}, for {@code ETL_SOURCE_URL} */
    public String baseUrl() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** @return API requests answered so far, failures included */
    public int requests() {
        return requests.get();
    }

    /** @return the query string of the latest request, or {@code null} */
    public String lastQuery() {
        return lastQuery.get();
    }

    /**
     * The next {@code times} requests fail with {@code status} (429 and 503 carry {@code Retry-After: 1}).
     *
     * @param status an HTTP status such as 500
     * @param times  how many requests fail
     */
    public void failWith(int status, int times) {
        failureStatus = status;
        failuresLeft.set(times);
    }

    /**
     * Enforces randomuser.me's budget: at most {@code users} users per fixed window (the windows start
     * now, back to back, whatever the client's clock says); a request that would go over answers 429
     * without {@code Retry-After}, as the real API does (its server's limit is 20000 per 300000 ms), and
     * is not counted.
     *
     * @param users  users allowed per window
     * @param window the window's length
     */
    public void limitUsers(long users, Duration window) {
        budget.limit(users, window);
    }

    /** @return requests refused with 429 for the budget so far */
    public int rateLimited() {
        return budget.refused.get();
    }

    /** @return users served in total, failures excluded */
    public long usersServed() {
        return budget.served.get();
    }

    /** The per-client budget of {@link #limitUsers}: fixed windows, counted in users. */
    private static final class UserBudget {
        private long limit;
        private long windowNanos;
        private long windowStart;
        private long used;
        private final AtomicInteger refused = new AtomicInteger();
        private final java.util.concurrent.atomic.AtomicLong served = new java.util.concurrent.atomic.AtomicLong();

        synchronized void limit(long users, Duration window) {
            limit = users;
            windowNanos = window.toNanos();
            windowStart = System.nanoTime();
            used = 0;
        }

        /** @return true if the request may be served */
        synchronized boolean take(int users) {
            if (windowNanos > 0) {
                long now = System.nanoTime();
                if (now - windowStart >= windowNanos) {
                    windowStart += (now - windowStart) / windowNanos * windowNanos;
                    used = 0;
                }
                if (used + users > limit) {
                    refused.incrementAndGet();
                    return false;
                }
                used += users;
            }
            served.addAndGet(users);
            return true;
        }
    }

    /**
     * @param isDown while true, every request answers 503
     */
    public void setDown(boolean isDown) {
        down = isDown;
    }

    /**
     * @param d how long to wait before answering each request
     */
    public void delay(Duration d) {
        delay = d;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            lastQuery.set(exchange.getRequestURI().getRawQuery());
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (down) {
                send(exchange, 503, "text/plain", "Service Unavailable");
                return;
            }
            if (failuresLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                int status = failureStatus;
                if (status == 429) {
                    send(exchange, status, "application/json",
                            "{\"error\": \"Whoa, ease up there cowboy. You've requested 5000 users in the last minute.\"}");
                } else {
                    send(exchange, status, "text/plain", "Internal Server Error");
                }
                return;
            }
            Matcher m = API_PATH.matcher(exchange.getRequestURI().getPath());
            if (!m.matches()) {
                send(exchange, 404, "text/plain", "Not Found");
                return;
            }
            String version = m.group(1);
            Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
            int results = parseOr(q.get("results"), 1);
            if (results < 1 || results > 5000) {
                results = 1;
            }
            int page = Math.max(1, parseOr(q.get("page"), 1));
            String seed = q.getOrDefault("seed", Long.toHexString(ThreadLocalRandom.current().nextLong()));
            String inc = q.get("inc");
            if (inc != null && !INC_RECORDED.equals(new java.util.TreeSet<>(List.of(inc.toLowerCase().split(","))))) {
                send(exchange, 400, "text/plain", "this fake serves inc only as recorded: inc=name,email,login,nat");
                return;
            }
            if (!budget.take(results)) {
                // The real API's words and status, and no Retry-After: the window is spent.
                send(exchange, 429, "application/json",
                        "{\"error\": \"Whoa, ease up there cowboy. You've requested " + budget.limit + " users in the last 5 minutes.\"}",
                        false);
                return;
            }
            String body = page(inc == null ? version : "inc", results, page, seed, q.get("nat"))
                    .replace("\"version\":\"inc\"", "\"version\":\"" + version + "\"");
            send(exchange, 200, "application/json; charset=utf-8", body);
        }
    }

    private static String page(String version, int results, int page, String seed, String nat) {
        List<String> pool = pool(version);
        if (nat != null && !nat.isBlank()) {
            List<String> wanted = List.of(nat.toUpperCase().split(","));
            List<String> filtered = new ArrayList<>();
            for (String r : pool) {
                Matcher n = NAT_FIELD.matcher(r);
                if (n.find() && wanted.contains(n.group(1))) {
                    filtered.add(r);
                }
            }
            if (!filtered.isEmpty()) {
                pool = filtered;
            }
        }
        StringBuilder sb = new StringBuilder(results * 1100 + 200).append("{\"results\":[");
        long offset = (long) (page - 1) * results;
        for (int i = 0; i < results; i++) {
            String record = pool.get((int) ((offset + i) % pool.size()));
            UUID u = UUID.nameUUIDFromBytes((seed + "/" + page + "/" + i).getBytes(StandardCharsets.UTF_8));
            // Keep it shaped like the API's random (version 4) uuids.
            UUID v4 = new UUID((u.getMostSignificantBits() & ~0xF000L) | 0x4000L, u.getLeastSignificantBits());
            if (i > 0) {
                sb.append(',');
            }
            sb.append(UUID_FIELD.matcher(record).replaceFirst("\"uuid\":\"" + v4 + "\""));
        }
        sb.append("],\"info\":{\"seed\":\"").append(seed.replace("\\", "\\\\").replace("\"", "\\\""))
                .append("\",\"results\":").append(results).append(",\"page\":").append(page)
                .append(",\"version\":\"").append(version).append("\"}}");
        return sb.toString();
    }

    private static synchronized List<String> pool(String version) {
        return POOLS.computeIfAbsent(version, v -> splitResults(new String(Fixtures.randomUserBytes(switch (v) {
            case "1.3" -> "v1.3/seed-fixture-results-200.json";
            case "inc" -> "v1.4/inc-name-email-login-nat-results-100.json";
            default -> "v1.4/seed-bulk-results-5000.json";
        }), StandardCharsets.UTF_8)));
    }

    /**
     * Splits the top-level {@code results} array of a recorded response into its objects' texts.
     *
     * @param json a response of the API
     * @return each record's JSON text, in order
     */
    public static List<String> splitResults(String json) {
        int start = json.indexOf("\"results\":[");
        if (start < 0) {
            throw new IllegalStateException("fixture has no results array");
        }
        List<String> out = new ArrayList<>();
        int depth = 0;
        int objectStart = -1;
        boolean inString = false;
        for (int i = start + "\"results\":[".length(); i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (c == '"') {
                inString = true;
            } else if (c == '{') {
                if (depth++ == 0) {
                    objectStart = i;
                }
            } else if (c == '}') {
                if (--depth == 0) {
                    out.add(json.substring(objectStart, i + 1));
                }
            } else if (c == ']' && depth == 0) {
                return out;
            }
        }
        throw new IllegalStateException("fixture's results array is not closed");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    private static int parseOr(String text, int fallback) {
        try {
            return text == null ? fallback : Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        send(exchange, status, contentType, body, true);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body, boolean retryAfter) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (retryAfter && (status == 429 || status == 503)) {
            exchange.getResponseHeaders().set("Retry-After", "1");
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

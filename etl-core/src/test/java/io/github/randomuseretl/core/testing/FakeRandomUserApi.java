package io.github.randomuseretl.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * randomuser.me on loopback: the one stand-in every test and benchmark uses, from the source's unit of
 * faults to the runners' end-to-end tests.
 *
 * <p><b>Default answers</b> are like the API's. Out of the box, {@code GET /api/1.4/?results=N&seed=S&page=P[&nat=XX]}
 * answers N real recorded users (from testdata/randomuser; 1.3 for {@code /api/1.3/}) with
 * {@code login.uuid} rewritten from (seed, page, position), so the same request always gives the same
 * users and another seed or page distinct ones; {@code info} echoes the request; without a seed one is
 * invented, as the API does; {@code inc=name,email,login,nat} serves the recorded narrow users and
 * another {@code inc} is refused with 400, since no recording of it exists. With
 * {@link #recordings(Function)} a default answer is instead the recorded response the function picks
 * for the request, byte for byte, with its {@code info} rewritten to echo the request.
 *
 * <p><b>Faults</b>, for every test that needs one:
 * <ul>
 *   <li>scripted answers, used first, one per request ({@link #then}): {@link #status}, {@link #json},
 *       {@link #transformed}, {@link #chunked}, {@link #gzipBomb}, {@link #delayed}, {@link #stallMidBody},
 *       {@link #redirect}, {@link #trickle};</li>
 *   <li>standing faults: {@link #failWith} (the next N requests), {@link #setDown}, {@link #delay}, and the
 *       real API's per-client budget ({@link #limitUsers}: 429 without {@code Retry-After});</li>
 *   <li>records changed in every default answer ({@link #records}): poison records, extra records;</li>
 *   <li>gzip when the client accepts it ({@link #gzip}).</li>
 * </ul>
 * Every request is logged ({@link #requestLog()}).
 */
public final class FakeRandomUserApi implements AutoCloseable {

    /** What a request asked for. */
    public record Request(String path, Map<String, String> query, Map<String, List<String>> headers) {

        /**
         * @param name a header name, as the JDK server normalises it (e.g. {@code Accept-encoding})
         * @return its first value, or {@code null}
         */
        public String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    /** One scripted answer. */
    @FunctionalInterface
    public interface Reply {
        /**
         * @param exchange the exchange to answer
         * @param request  what was asked
         * @param api      the fake, for its default body
         * @throws IOException if the client went away
         */
        void send(HttpExchange exchange, Request request, FakeRandomUserApi api) throws IOException;
    }

    private static final Pattern UUID_FIELD = Pattern.compile("\"uuid\":\"[0-9a-fA-F-]{36}\"");
    private static final Pattern NAT_FIELD = Pattern.compile("\"nat\":\"([A-Z]+)\"");
    private static final Pattern API_PATH = Pattern.compile("/api/(1\\.[0-9])/?");
    private static final Map<String, List<String>> POOLS = new HashMap<>();
    private static final Set<String> INC_RECORDED = new TreeSet<>(List.of("name", "email", "login", "nat"));

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-randomuser-api");
        t.setDaemon(true);
        return t;
    });
    private final List<Request> log = new CopyOnWriteArrayList<>();
    private final Deque<Reply> script = new ArrayDeque<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicReference<String> lastQuery = new AtomicReference<>();
    private volatile int failureStatus = 500;
    private volatile boolean down;
    private volatile Duration delay = Duration.ZERO;
    private volatile Function<Request, String> recordings;
    private volatile UnaryOperator<List<String>> records;
    private volatile boolean gzip;
    private final UserBudget budget = new UserBudget();

    private FakeRandomUserApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", this::handle);
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
            throw new UncheckedIOException("could not start the fake randomuser API", e);
        }
    }

    /** @return e.g. {@code http://127.0.0.1:41234}, for {@code ETL_SOURCE_URL} */
    public String baseUrl() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** @return requests answered so far, failures included */
    public int requests() {
        return log.size();
    }

    /** @return every request so far, in order */
    public List<Request> requestLog() {
        return List.copyOf(log);
    }

    /** @return the raw query string of the latest request, or {@code null} */
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

    /** @param d how long to wait before answering each request */
    public void delay(Duration d) {
        delay = d;
    }

    /**
     * Serves recorded responses instead of generated users.
     *
     * @param chooser the recording (e.g. {@code v1.4/seed-single-results-1.json}) that answers a request
     * @return this
     */
    public FakeRandomUserApi recordings(Function<Request, String> chooser) {
        recordings = chooser;
        return this;
    }

    /**
     * Changes the records of every default answer: replace one with a poison record, add records the
     * request did not ask for, ... {@code info} still echoes the request.
     *
     * @param change gets the page's records as JSON texts (a mutable list) and returns those to send
     * @return this
     */
    public FakeRandomUserApi records(UnaryOperator<List<String>> change) {
        records = change;
        return this;
    }

    /**
     * @param on compress default answers when the client accepts gzip
     * @return this
     */
    public FakeRandomUserApi gzip(boolean on) {
        gzip = on;
        return this;
    }

    /**
     * Scripts the next answers, in order; afterwards default answers resume.
     *
     * @param replies the answers
     * @return this
     */
    public synchronized FakeRandomUserApi then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Request request = new Request(exchange.getRequestURI().getPath(), query(exchange.getRequestURI().getRawQuery()),
                    Map.copyOf(exchange.getRequestHeaders()));
            log.add(request);
            lastQuery.set(exchange.getRequestURI().getRawQuery());
            if (!delay.isZero()) {
                sleep(delay);
            }
            if (down) {
                send(exchange, 503, "text/plain", "Service Unavailable".getBytes(StandardCharsets.UTF_8), Map.of("Retry-After", "1"));
                return;
            }
            if (failuresLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                failure(exchange, failureStatus);
                return;
            }
            Reply reply;
            synchronized (this) {
                reply = script.poll();
            }
            (reply == null ? page() : reply).send(exchange, request, this);
        } catch (IOException e) {
            // the client hung up, as some tests make it do
        }
    }

    private static void failure(HttpExchange exchange, int status) throws IOException {
        Map<String, String> headers = status == 429 || status == 503 ? Map.of("Retry-After", "1") : Map.of();
        if (status == 429) {
            send(exchange, status, "application/json",
                    "{\"error\": \"Whoa, ease up there cowboy. You've requested 5000 users in the last minute.\"}"
                            .getBytes(StandardCharsets.UTF_8), headers);
        } else {
            send(exchange, status, "text/plain", "Internal Server Error".getBytes(StandardCharsets.UTF_8), headers);
        }
    }

    /**
     * The body a default answer to this request has, or {@code null} if the default answer is an error
     * (unknown path or version, an {@code inc} with no recording).
     *
     * @param request the request
     * @return the body
     */
    public byte[] defaultBody(Request request) {
        Matcher m = API_PATH.matcher(request.path());
        if (!m.matches()) {
            return null;
        }
        String version = m.group(1);
        Map<String, String> q = request.query();
        UnaryOperator<List<String>> change = records;
        Function<Request, String> chooser = recordings;
        if (chooser != null) {
            String text = new String(Fixtures.randomUserBytes(chooser.apply(request)), StandardCharsets.UTF_8);
            String info = info(q.getOrDefault("seed", "") + (q.containsKey("lego") ? "-1" : ""), q.getOrDefault("results", "1"),
                    q.getOrDefault("page", "1"), version);
            if (change != null) {
                return assemble(change.apply(new ArrayList<>(splitResults(text))), text.contains("\"info\":{") ? info : null);
            }
            int at = text.lastIndexOf("\"info\":{");
            if (at < 0) {
                return text.getBytes(StandardCharsets.UTF_8);
            }
            int end = text.indexOf('}', at);
            return (text.substring(0, at) + info + text.substring(end + 1)).getBytes(StandardCharsets.UTF_8);
        }
        if (!version.equals("1.3") && !version.equals("1.4")) {
            return null;
        }
        int results = parseOr(q.get("results"), 1);
        if (results < 1 || results > 5000) {
            results = 1;
        }
        int page = Math.max(1, parseOr(q.get("page"), 1));
        String seed = q.getOrDefault("seed", Long.toHexString(ThreadLocalRandom.current().nextLong()));
        String inc = q.get("inc");
        if (inc != null && !INC_RECORDED.equals(new TreeSet<>(List.of(inc.toLowerCase(Locale.ROOT).split(","))))) {
            return null;
        }
        List<String> generated = generate(inc == null ? version : "inc", results, page, seed, q.get("nat"));
        return assemble(change == null ? generated : change.apply(generated), info(seed, Integer.toString(results), Integer.toString(page), version));
    }

    private static String info(String seed, String results, String page, String version) {
        return "\"info\":{\"seed\":\"" + seed.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"results\":" + results
                + ",\"page\":" + page + ",\"version\":\"" + version + "\"}";
    }

    private static byte[] assemble(List<String> records, String info) {
        StringBuilder sb = new StringBuilder(records.size() * 1100 + 200).append("{\"results\":[");
        sb.append(String.join(",", records)).append(']');
        if (info != null) {
            sb.append(',').append(info);
        }
        return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> generate(String version, int results, int page, String seed, String nat) {
        List<String> pool = pool(version);
        if (nat != null && !nat.isBlank()) {
            List<String> wanted = List.of(nat.toUpperCase(Locale.ROOT).split(","));
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
        List<String> out = new ArrayList<>(results);
        long offset = (long) (page - 1) * results;
        for (int i = 0; i < results; i++) {
            String record = pool.get((int) ((offset + i) % pool.size()));
            UUID u = UUID.nameUUIDFromBytes((seed + "/" + page + "/" + i).getBytes(StandardCharsets.UTF_8));
            // Keep it shaped like the API's random (version 4) uuids.
            UUID v4 = new UUID((u.getMostSignificantBits() & ~0xF000L) | 0x4000L, u.getLeastSignificantBits());
            out.add(UUID_FIELD.matcher(record).replaceFirst("\"uuid\":\"" + v4 + "\""));
        }
        return out;
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

    // ---- replies ----

    /** @return the default answer: like the API (gzip if switched on and accepted); 404 or 400 where the API would */
    public static Reply page() {
        return (ex, req, api) -> {
            byte[] body = api.defaultBody(req);
            if (body == null) {
                Matcher m = API_PATH.matcher(req.path());
                boolean known = m.matches() && (api.recordings != null || m.group(1).equals("1.3") || m.group(1).equals("1.4"));
                send(ex, known ? 400 : 404, "text/plain; charset=utf-8",
                        (known ? "this fake serves inc only as recorded: inc=name,email,login,nat" : "Not Found").getBytes(StandardCharsets.UTF_8),
                        Map.of());
                return;
            }
            if (!api.budget.take(Math.max(1, parseOr(req.query().get("results"), 1)))) {
                // The real API's words and status, and no Retry-After: the window is spent.
                send(ex, 429, "application/json", ("{\"error\": \"Whoa, ease up there cowboy. You've requested " + api.budget.limit
                        + " users in the last 5 minutes.\"}").getBytes(StandardCharsets.UTF_8), Map.of());
                return;
            }
            String accept = req.header("Accept-encoding");
            if (api.gzip && accept != null && accept.contains("gzip")) {
                send(ex, 200, "application/json; charset=utf-8", gzipped(body), Map.of("Content-Encoding", "gzip"));
            } else {
                send(ex, 200, "application/json; charset=utf-8", body, Map.of());
            }
        };
    }

    /**
     * @param status      the status
     * @param contentType its content type
     * @param body        its body
     * @param headers     more headers
     * @return a fixed answer
     */
    public static Reply status(int status, String contentType, String body, Map<String, String> headers) {
        return (ex, req, api) -> send(ex, status, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /**
     * @param body the bytes to send
     * @return them with a JSON content type and a correct length
     */
    public static Reply json(byte[] body) {
        return (ex, req, api) -> send(ex, 200, "application/json", body, Map.of());
    }

    /**
     * @param change turns the default answer's bytes into those to send, e.g. cut short
     * @return that answer, its length header matching what is sent
     */
    public static Reply transformed(Function<byte[], byte[]> change) {
        return (ex, req, api) -> send(ex, 200, "application/json; charset=utf-8", change.apply(api.defaultBody(req)), Map.of());
    }

    /** @return the default answer without a length header (chunked), so only counting can enforce a cap */
    public static Reply chunked() {
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

    /**
     * @param paddingBytes how much the body inflates by
     * @return a small gzip body that inflates past any sane cap: the default answer padded with whitespace
     */
    public static Reply gzipBomb(int paddingBytes) {
        return (ex, req, api) -> {
            byte[] body = api.defaultBody(req);
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            try (GZIPOutputStream z = new GZIPOutputStream(raw)) {
                z.write(body, 0, 1);
                byte[] spaces = new byte[8192];
                Arrays.fill(spaces, (byte) ' ');
                for (int i = 0; i < paddingBytes; i += spaces.length) {
                    z.write(spaces, 0, Math.min(spaces.length, paddingBytes - i));
                }
                z.write(body, 1, body.length - 1);
            }
            send(ex, 200, "application/json", raw.toByteArray(), Map.of("Content-Encoding", "gzip"));
        };
    }

    /**
     * @param wait how long to wait before the headers
     * @param then the answer after the wait
     * @return that answer, late
     */
    public static Reply delayed(Duration wait, Reply then) {
        return (ex, req, api) -> {
            sleep(wait);
            then.send(ex, req, api);
        };
    }

    /**
     * @param stall how long to stall
     * @return headers and half the default body, then a stall
     */
    public static Reply stallMidBody(Duration stall) {
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

    /**
     * @param bytes how many bytes of the default body per step
     * @param step  the pause between steps
     * @return the default body, chunked, a few bytes at a time: a slow server
     */
    public static Reply trickle(int bytes, Duration step) {
        return (ex, req, api) -> {
            byte[] body = api.defaultBody(req);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < body.length; i += bytes) {
                    out.write(body, i, Math.min(bytes, body.length - i));
                    out.flush();
                    sleep(step);
                }
            }
        };
    }

    /**
     * @param status   e.g. 302
     * @param location where to
     * @return a redirect
     */
    public static Reply redirect(int status, String location) {
        return (ex, req, api) -> send(ex, status, "text/plain; charset=utf-8", "Found".getBytes(StandardCharsets.UTF_8),
                Map.of("Location", location));
    }

    /**
     * @param body bytes
     * @return them gzip-compressed
     */
    public static byte[] gzipped(byte[] body) {
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

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
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

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

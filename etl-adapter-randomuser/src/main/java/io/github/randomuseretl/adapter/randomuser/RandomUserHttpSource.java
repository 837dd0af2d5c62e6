package io.github.randomuseretl.adapter.randomuser;

import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.port.FetchRequest;
import io.github.randomuseretl.core.port.FetchStats;
import io.github.randomuseretl.core.port.PageHook;
import io.github.randomuseretl.core.port.SourceException;
import io.github.randomuseretl.core.port.SourceRateLimitedException;
import io.github.randomuseretl.core.port.UserSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.StringJoiner;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import java.util.zip.GZIPInputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Fetches a slot's users from the randomuser.me API ({@code GET /api/<version>/?results=&seed=&page=}).
 *
 * <ul>
 *   <li>Reproducible: in {@code slot} mode the seed is {@code <prefix>-<slot>} (e.g.
 *       {@code randomuser-etl-2026-01-01T00:00Z}), so a retried slot fetches exactly the same users; in
 *       {@code random} mode each fetch draws a new seed. Runs above 5000 users fetch several pages of
 *       that one seed.</li>
 *   <li>Robust: each request has a whole-request timeout; connection errors, timeouts, 5xx and a 429
 *       with {@code Retry-After} are retried with exponential backoff and jitter, honouring
 *       {@code Retry-After}; other 4xx are not. A 429 without {@code Retry-After} is randomuser.me
 *       saying this client's window (20,000 users per 5 minutes) is spent: it is not retried, and the
 *       fetch throws {@link SourceRateLimitedException} so the pipeline records the window as spent.
 *       No attempt or wait starts that cannot finish before the fetch's deadline. A page that fails
 *       part-way is read again from the start and only its undelivered records are handed on.</li>
 *   <li>Strict: error bodies, non-JSON or truncated bodies, a wrong content type, responses over the
 *       byte cap and an {@code info} that does not echo the request (the API silently replaces bad
 *       parameters) fail the fetch with a message saying what happened.</li>
 *   <li>Lean: the body is stream-parsed (gzip accepted); one record at a time is in memory.</li>
 * </ul>
 *
 * <p>Thread-safe if the random generator is (the default is).
 */
public final class RandomUserHttpSource implements UserSource {

    private static final int ERROR_BODY_BYTES = 4096;
    private static final String USER_AGENT = "randomuser-etl (+https://github.com/randomuser-etl)";

    private final RandomUserSettings settings;
    private final HttpClient client;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Backoff backoff;

    /** Waits between attempts; a seam so tests need not really wait. */
    @FunctionalInterface
    public interface Sleeper {
        /** Really sleeps. */
        Sleeper SYSTEM = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);

        /**
         * @param duration how long to wait
         * @throws InterruptedException if interrupted; the fetch then fails
         */
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * @param settings the checked settings
     * @param client   the HTTP client, e.g. from {@link #newHttpClient(RandomUserSettings)}
     * @param clock    the clock deadlines are measured on
     * @param sleeper  waits between attempts
     * @param random   jitter and random seeds; must be thread-safe if fetches run concurrently
     */
    public RandomUserHttpSource(RandomUserSettings settings, HttpClient client, Clock clock, Sleeper sleeper, RandomGenerator random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(), random);
    }

    /**
     * The source as runners use it: its own HTTP client, real sleeps, {@link java.util.Random} jitter.
     *
     * @param settings the checked settings
     * @param clock    the clock deadlines are measured on
     * @return the source
     */
    public static RandomUserHttpSource create(RandomUserSettings settings, Clock clock) {
        return new RandomUserHttpSource(settings, newHttpClient(settings), clock, Sleeper.SYSTEM, new Random());
    }

    /**
     * @param settings the settings (connect timeout)
     * @return an HTTP/1.1 client with the connect timeout that never follows a redirect: a 3xx from the
     *         configured base URL could send the fetch (and its seed) to another host, whose users would
     *         then load as randomuser.me's
     */
    public static HttpClient newHttpClient(RandomUserSettings settings) {
        return HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** @return the settings */
    public RandomUserSettings settings() {
        return settings;
    }

    @Override
    public Map<String, String> parameters(FetchRequest request) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("base_url", settings.baseUrl().toString());
        p.put("version", settings.apiVersion().text());
        p.put("results", String.valueOf(settings.usersPerRun()));
        p.put("pages", String.valueOf(settings.pages()));
        p.put("page_size", String.valueOf(settings.pageSize()));
        p.put("seed", settings.seedMode() == RandomUserSettings.SeedMode.SLOT ? slotSeed(request) : "random");
        p.put("nat", settings.nationalities().isEmpty() ? "all" : String.join(",", settings.nationalities()));
        if (!settings.include().isEmpty()) {
            p.put("inc", String.join(",", settings.include()));
        }
        if (!settings.exclude().isEmpty()) {
            p.put("exc", String.join(",", settings.exclude()));
        }
        return p;
    }

    /** @return {@code ETL_USERS_PER_RUN}: what each run asks of randomuser.me's budget */
    @Override
    public long requestedUsers() {
        return settings.usersPerRun();
    }

    @Override
    public FetchStats fetch(FetchRequest request, Consumer<RawRecord> records) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(records, "records");
        String seed = settings.seedMode() == RandomUserSettings.SeedMode.SLOT ? slotSeed(request) : randomSeed();
        Run run = new Run(request.deadline(), records, request.pages());
        for (int page = 1; page <= settings.pages(); page++) {
            run.page(seed, page);
        }
        return new FetchStats(run.delivered, run.pages, run.retrying.retries(), run.bytes);
    }

    /** @return the URL of one page, e.g. {@code https://randomuser.me/api/1.4/?results=100&seed=s&page=1} */
    URI pageUri(String seed, int page) {
        StringJoiner q = new StringJoiner("&");
        q.add("results=" + settings.resultsOnPage(page));
        q.add("seed=" + encode(seed));
        q.add("page=" + page);
        if (settings.lego()) {
            q.add("lego=true");
        } else if (!settings.nationalities().isEmpty()) {
            q.add("nat=" + list(settings.nationalities()));
        }
        if (!settings.include().isEmpty()) {
            q.add("inc=" + list(settings.include()));
        }
        if (!settings.exclude().isEmpty()) {
            q.add("exc=" + list(settings.exclude()));
        }
        return URI.create(settings.baseUrl() + "/api/" + settings.apiVersion().text() + "/?" + q);
    }

    private String slotSeed(FetchRequest request) {
        return settings.seedPrefix() + "-" + request.slot();
    }

    /** 16 hex digits: never 18 characters, which the API would read as a seed with a nationality. */
    private String randomSeed() {
        return String.format(Locale.ROOT, "%016x", random.nextLong());
    }

    /** The API echoes the seed, with {@code -1} appended for LEGO (its index among the nationalities). */
    private String expectedSeed(String seed) {
        return settings.lego() ? seed + "-1" : seed;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String list(List<String> items) {
        StringJoiner j = new StringJoiner(",");
        items.forEach(i -> j.add(encode(i)));
        return j.toString();
    }

    /** One fetch's state; confined to the calling thread. */
    private final class Run {
        private final Retries retrying;
        private final Consumer<RawRecord> records;
        private final PageHook pageHook;
        private long delivered;
        private int pages;
        private long bytes;

        Run(Instant deadline, Consumer<RawRecord> records, PageHook pages) {
            this.retrying = new Retries(backoff, clock, sleeper, deadline, settings.requestTimeout(), settings.maxRetries());
            this.records = records;
            this.pageHook = pages;
        }

        void page(String seed, int page) {
            URI uri = pageUri(seed, page);
            PageReader.Expected expected = new PageReader.Expected(uri.toString(), page, settings.resultsOnPage(page),
                    expectedSeed(seed), settings.apiVersion().text());
            PageReader.Progress progress = new PageReader.Progress();
            Consumer<RawRecord> counting = r -> {
                delivered++;
                records.accept(r);
            };
            try {
                retrying.run("page " + page, timeout -> attempt(uri, timeout, expected, progress, counting));
            } catch (Retries.GaveUp g) {
                throw g.windowSpent() ? new SourceRateLimitedException(g.getMessage(), retrying.retries())
                        : new SourceException(g.getMessage(), g.getCause(), retrying.retries());
            }
            pages++;
        }

        private void attempt(URI uri, Duration timeout, PageReader.Expected expected, PageReader.Progress progress,
                Consumer<RawRecord> sink) throws FetchFailure {
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("Accept", "application/json")
                    .header("Accept-Encoding", "gzip")
                    .header("User-Agent", USER_AGENT)
                    .GET()
                    .build();
            long deadlineNanos = System.nanoTime() + timeout.toNanos();
            HttpResponse<InputStream> response;
            try {
                response = client.send(request, info -> new BodyStream(deadlineNanos, timeout));
            } catch (HttpConnectTimeoutException e) {
                throw FetchFailure.retryable("could not connect to " + settings.baseUrl() + " within "
                        + settings.connectTimeout().toMillis() + " ms", e, null);
            } catch (HttpTimeoutException e) {
                throw FetchFailure.retryable("no response from " + uri + " within " + timeout.toMillis() + " ms", e, null);
            } catch (ConnectException e) {
                throw FetchFailure.retryable("could not connect to " + settings.baseUrl() + ": " + reason(e), e, null);
            } catch (IOException e) {
                throw FetchFailure.retryable("request to " + uri + " failed: " + reason(e), e, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw FetchFailure.permanent("interrupted while requesting " + uri, e);
            }
            try (InputStream raw = response.body()) {
                int status = response.statusCode();
                if (status >= 300 && status <= 399) {
                    String location = response.headers().firstValue("Location").map(l -> " to " + Snippets.clean(l.replaceFirst("//[^/@?#]*@", "//"), 200)).orElse("");
                    throw FetchFailure.permanent("HTTP " + status + " redirect" + location + " from " + uri
                            + " refused: redirects are never followed (set ETL_SOURCE_URL to the final address)", null);
                }
                if (status < 200 || status > 299) {
                    throw statusFailure(uri, response, raw);
                }
                checkContentType(response);
                long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (length > settings.maxResponseBytes()) {
                    throw FetchFailure.permanent("response larger than " + Settings.humanBytes(settings.maxResponseBytes())
                            + " cap (Content-Length " + length + ", page " + expected.page() + ")", null);
                }
                CappedInputStream decoded = null;
                try {
                    decoded = new CappedInputStream(decode(response, new CappedInputStream(raw, settings.maxResponseBytes())),
                            settings.maxResponseBytes());
                    // The archive's hook: the page as received goes to it once read whole, before the batch is written.
                    PageCopy copy = pageHook == PageHook.NONE ? null : new PageCopy(decoded);
                    PageReader.read(copy == null ? decoded : copy, expected, progress, sink);
                    if (copy != null) {
                        pageHook.received(expected.page(), copy.whole());
                    }
                } finally {
                    if (decoded != null) {
                        bytes += decoded.count();
                    }
                }
            } catch (PageReader.ConsumerFailure e) {
                throw (RuntimeException) e.getCause();
            } catch (IOException e) {
                // Opening the gzip stream reads its header; closing never throws here.
                throw classifyIo(e, expected);
            }
        }

        private InputStream decode(HttpResponse<?> response, InputStream in) throws IOException, FetchFailure {
            String encoding = response.headers().firstValue("Content-Encoding").orElse("identity").strip().toLowerCase(Locale.ROOT);
            switch (encoding) {
                case "identity":
                case "":
                    return in;
                case "gzip":
                case "x-gzip":
                    return new GZIPInputStream(in, 8192);
                default:
                    throw FetchFailure.permanent("content encoding " + Snippets.clean(encoding, 40) + " is not supported (asked for gzip)", null);
            }
        }

        private FetchFailure classifyIo(IOException e, PageReader.Expected expected) {
            if (e instanceof BodyStream.TransportException) {
                return FetchFailure.retryable("connection failed while reading page " + expected.page() + ": " + e.getMessage(), e, null);
            }
            if (e instanceof HttpTimeoutException) {
                return FetchFailure.retryable(e.getMessage() + " (page " + expected.page() + ")", e, null);
            }
            if (e instanceof CappedInputStream.TooLargeException) {
                return FetchFailure.permanent(e.getMessage() + " (page " + expected.page() + ")", e);
            }
            if (e instanceof InterruptedIOException) {
                return FetchFailure.permanent("interrupted while reading page " + expected.page(), e);
            }
            return FetchFailure.permanent("gzip body of page " + expected.page() + " is corrupt: " + e.getMessage(), e);
        }

        private void checkContentType(HttpResponse<?> response) throws FetchFailure {
            String type = response.headers().firstValue("Content-Type").orElse(null);
            if (type == null) {
                return; // Let the parser decide; a missing header is not evidence of HTML.
            }
            String mime = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (!mime.equals("application/json") && !mime.endsWith("+json")) {
                throw FetchFailure.permanent("content type " + Snippets.clean(mime, 60) + " is not JSON", null);
            }
        }

        private FetchFailure statusFailure(URI uri, HttpResponse<InputStream> response, InputStream raw) {
            int status = response.statusCode();
            String said = errorBody(response, raw);
            String message = "HTTP " + status + " from " + uri + (said.isEmpty() ? "" : ": " + said);
            if (status == 429 || status >= 500) {
                Duration retryAfter = Backoff.parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null), clock);
                if (status == 429 && retryAfter == null) {
                    return FetchFailure.windowSpent(message);
                }
                return FetchFailure.retryable(message, null, retryAfter);
            }
            return FetchFailure.permanent(message, null);
        }

        /** The API's {@code {"error": "..."}} text, or the start of a plain body; never more than 4 KiB read. */
        private String errorBody(HttpResponse<?> response, InputStream raw) {
            try {
                InputStream in = decode(response, new CappedInputStream(raw, settings.maxResponseBytes()));
                byte[] head = in.readNBytes(ERROR_BODY_BYTES);
                bytes += head.length;
                String text = new String(head, StandardCharsets.UTF_8);
                try {
                    JsonNode node = Contract.JSON.readTree(text);
                    if (node != null && node.isObject() && node.has("error")) {
                        return Snippets.errorText(node.get("error"));
                    }
                } catch (JacksonException notJson) {
                    // plain text, or JSON cut at 4 KiB
                }
                return Snippets.clean(text, 200);
            } catch (IOException | FetchFailure e) {
                return "";
            }
        }
    }

    /** The JDK's connect failures often carry no message of their own; their cause's or their kind then says it. */
    private static String reason(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return "connection refused or reset (" + e.getClass().getSimpleName() + ")";
    }
}

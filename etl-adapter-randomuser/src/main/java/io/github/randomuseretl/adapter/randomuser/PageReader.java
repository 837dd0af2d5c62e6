package io.github.randomuseretl.adapter.randomuser;

import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.RejectionReason;
import java.io.EOFException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.StringWriter;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.ZipException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads one page of the API's response as a stream: each element of {@code results} is copied to
 * its own text and handed on at once, so memory holds one record, never the page. The envelope
 * ({@code info}, {@code error}) is checked against the contract when the object ends, which may be
 * after the records: a mismatch still fails the fetch, and the pipeline then discards the batch.
 */
final class PageReader {

    private PageReader() {
    }

    /**
     * What one page must be.
     *
     * @param source  the page's URL, for records' origin and messages
     * @param page    the page number
     * @param results the records the page must hold
     * @param seed    the {@code info.seed} the API must echo
     * @param version the {@code info.version} the API must echo
     */
    record Expected(String source, int page, int results, String seed, String version) {
    }

    /**
     * A page's delivery state across attempts. When an attempt fails part-way, the next one re-reads the
     * records already handed on, checks they are the same (a seeded page always is) and hands on only
     * the rest: each record is delivered exactly once.
     */
    static final class Progress {
        private int delivered;
        private long fingerprint = 0xcbf29ce484222325L;

        int delivered() {
            return delivered;
        }

        private static long mix(long h, String text) {
            for (int i = 0; i < text.length(); i++) {
                h ^= text.charAt(i);
                h *= 0x100000001b3L;
            }
            return h * 0x9E3779B97F4A7C15L + text.length();
        }
    }

    /** The consumer failed; not a fetch problem, so it passes through untouched. */
    static final class ConsumerFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConsumerFailure(RuntimeException cause) {
            super(cause);
        }
    }

    /**
     * @param in       the decoded body
     * @param expected what the page must be
     * @param progress records already delivered from this page by earlier attempts
     * @param records  receives each new record
     * @throws FetchFailure naming what is wrong; transient when the connection failed
     */
    static void read(InputStream in, Expected expected, Progress progress, Consumer<RawRecord> records) throws FetchFailure {
        int index = 0;
        long replay = 0xcbf29ce484222325L;
        JsonNode info = null;
        JsonNode error = null;
        boolean sawResults = false;
        try (JsonParser p = Contract.STREAM.createParser(in)) {
            JsonToken first;
            try {
                first = p.nextToken();
            } catch (StreamReadException e) {
                throw FetchFailure.permanent("response from " + expected.source() + " is not JSON" + where(e), null);
            }
            if (first == null) {
                throw FetchFailure.permanent("empty response body from " + expected.source(), null);
            }
            if (first != JsonToken.START_OBJECT) {
                throw FetchFailure.permanent("response from " + expected.source() + " is not a JSON object", null);
            }
            String name;
            while ((name = p.nextName()) != null) {
                JsonToken value = p.nextToken();
                switch (name) {
                    case "results":
                        if (value != JsonToken.START_ARRAY) {
                            throw FetchFailure.permanent("results in the response from " + expected.source() + " is not an array", null);
                        }
                        sawResults = true;
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            String text = copy(p);
                            if (index < progress.delivered) {
                                replay = Progress.mix(replay, text);
                                if (index == progress.delivered - 1 && replay != progress.fingerprint) {
                                    throw changed(expected, progress);
                                }
                            } else {
                                progress.fingerprint = Progress.mix(progress.fingerprint, text);
                                progress.delivered++;
                                deliver(records, new RawRecord(text, new RawRecord.Origin(expected.source(), expected.page(), index)));
                            }
                            index++;
                        }
                        break;
                    case "info":
                        info = p.readValueAsTree();
                        break;
                    case "error":
                        error = p.readValueAsTree();
                        break;
                    default:
                        p.skipChildren();
                        break;
                }
            }
            if (p.nextToken() != null) {
                throw FetchFailure.permanent("trailing content after the JSON object from " + expected.source(), null);
            }
        } catch (JacksonException e) {
            throw classify(e, expected, index);
        }
        if (error != null) {
            throw FetchFailure.permanent("randomuser.me answered with an error: " + Snippets.errorText(error), null);
        }
        checkEnvelope(expected, sawResults, info, index);
        if (index < progress.delivered) {
            throw changed(expected, progress);
        }
        if (index != expected.results()) {
            throw FetchFailure.permanent("page " + expected.page() + " had " + index + " records, expected " + expected.results(), null);
        }
    }

    private static void deliver(Consumer<RawRecord> records, RawRecord record) {
        try {
            records.accept(record);
        } catch (RuntimeException e) {
            throw new ConsumerFailure(e);
        }
    }

    private static String copy(JsonParser p) {
        StringWriter w = new StringWriter(1536);
        try (JsonGenerator g = Contract.STREAM.createGenerator(w)) {
            g.copyCurrentStructureExact(p);
        }
        return w.toString();
    }

    private static FetchFailure changed(Expected expected, Progress progress) {
        return FetchFailure.permanent("page " + expected.page() + " changed between attempts: its first " + progress.delivered
                + " records differ from those already delivered", null);
    }

    private static void checkEnvelope(Expected expected, boolean sawResults, JsonNode info, int records) throws FetchFailure {
        if (!sawResults) {
            throw FetchFailure.permanent("response from " + expected.source() + " has no results array", null);
        }
        if (info == null) {
            return;
        }
        ObjectNode envelope = Contract.STREAM.createObjectNode();
        envelope.putArray("results");
        envelope.set("info", info);
        List<RejectionReason> reasons = Contract.check(Contract.envelope(), envelope);
        if (!reasons.isEmpty()) {
            RejectionReason r = reasons.get(0);
            throw FetchFailure.permanent("response envelope breaks the contract: " + r.pointer() + " " + r.message(), null);
        }
        String seed = info.get("seed").stringValue();
        if (!seed.equals(expected.seed())) {
            throw mismatch("info.seed was \"" + Snippets.clean(seed, 80) + "\", expected \"" + expected.seed() + '"');
        }
        if (info.get("results").asLong() != expected.results()) {
            throw mismatch("info.results was " + info.get("results").asLong() + ", expected " + expected.results());
        }
        if (info.get("page").asLong() != expected.page()) {
            throw mismatch("info.page was " + info.get("page").asLong() + ", expected " + expected.page());
        }
        String version = info.get("version").stringValue();
        if (!version.equals(expected.version())) {
            throw mismatch("info.version was \"" + Snippets.clean(version, 20) + "\", expected \"" + expected.version() + '"');
        }
    }

    private static FetchFailure mismatch(String what) {
        return FetchFailure.permanent(what + " (the API replaced a request parameter)", null);
    }

    private static FetchFailure classify(JacksonException e, Expected expected, int records) {
        String after = " after " + records + " records of page " + expected.page();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyStream.TransportException) {
                return FetchFailure.retryable("connection failed" + after + ": " + t.getMessage(), t, null);
            }
            if (t instanceof HttpTimeoutException) {
                return FetchFailure.retryable(t.getMessage() + after, t, null);
            }
            if (t instanceof InterruptedIOException) {
                return FetchFailure.permanent("interrupted" + after, t);
            }
            if (t instanceof CappedInputStream.TooLargeException) {
                return FetchFailure.permanent(t.getMessage() + " (page " + expected.page() + ")", t);
            }
            if (t instanceof ZipException || t instanceof EOFException) {
                return FetchFailure.permanent("gzip body is corrupt or cut off" + after, t);
            }
        }
        // No cause from here on: the parser's own message may quote the text, which may hold a password.
        if (e instanceof UnexpectedEndOfInputException) {
            return FetchFailure.permanent("truncated JSON" + after, null);
        }
        if (e instanceof StreamConstraintsException) {
            return FetchFailure.permanent("response breaks the JSON parser's limits" + after, null);
        }
        return FetchFailure.permanent("malformed JSON" + after + where(e), null);
    }

    private static String where(JacksonException e) {
        TokenStreamLocation at = e.getLocation();
        return at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}

package io.github.randomuseretl.adapter.randomuser;

import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.RejectionReason;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.ZipException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads one page of the API's response as a stream of bytes and hands on each element of
 * {@code results} as soon as it ends, as the exact text it was on the wire (never a re-serialisation),
 * so memory holds one record, never the page.
 *
 * <p>Only the page's structure is read here: strings, escapes and brackets, enough to find where each
 * record begins and ends. Whatever is inside a record's brackets, however broken (a bad number, a key
 * twice, a bare word), is that record's problem: the validator rejects it and names the field, and the
 * rest of the batch loads. What this reader refuses fails the fetch, and the pipeline then discards the
 * batch: a page whose structure is broken or cut off, an envelope ({@code info}, {@code error}) that is
 * not the API's, and a page holding more records than were asked for, refused as soon as the extra one
 * begins.
 *
 * <p>Caps: a record larger than {@link #MAX_RECORD_BYTES} is handed on cut at the cap (at a character
 * boundary), so the validator rejects it naming the value the cap fell in, and the rest of it is read
 * past without being kept; {@code info} and {@code error} larger than {@link #MAX_ENVELOPE_BYTES} fail
 * the fetch. Bytes that are not UTF-8 inside a record are handed on as lone surrogates (U+DC80 to
 * U+DCFF, one per byte), which the validator rejects as text that is not valid Unicode: never replaced
 * silently.
 */
final class PageReader {

    /** The most bytes of one record kept; a larger record is handed on cut here. */
    static final int MAX_RECORD_BYTES = 64 * 1024;
    /** The most bytes of {@code info} or {@code error}. */
    static final int MAX_ENVELOPE_BYTES = 64 * 1024;

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
        Scanner scanner = new Scanner(in);
        Page page = new Page(scanner, expected, progress, records);
        try {
            page.read();
        } catch (Broken b) {
            String after = " after " + page.index + " records of page " + expected.page();
            throw FetchFailure.permanent(switch (b.getMessage()) {
                case Broken.TRUNCATED -> "truncated JSON" + after;
                case Broken.MALFORMED -> "malformed JSON" + after + scanner.where();
                default -> b.getMessage();
            }, null);
        } catch (Page.Changed c) {
            throw changed(expected, progress);
        } catch (IOException e) {
            throw classify(e, expected, page.index);
        }
        if (page.error != null) {
            throw FetchFailure.permanent("randomuser.me answered with an error: " + Snippets.errorText(page.error), null);
        }
        checkEnvelope(expected, page.sawResults, page.info);
        if (page.index < progress.delivered) {
            throw changed(expected, progress);
        }
        if (page.index != expected.results()) {
            throw FetchFailure.permanent("page " + expected.page() + " had " + page.index + " records, expected " + expected.results(), null);
        }
    }

    /** The page's structure is not the API's; the message says how, never quoting a record. */
    private static final class Broken extends Exception {
        private static final long serialVersionUID = 1L;
        private static final String TRUNCATED = "truncated";
        private static final String MALFORMED = "malformed";

        Broken(String message) {
            super(message, null, false, false);
        }

        /** The body ended inside a value; the page says after how many records. */
        static Broken truncated() {
            return new Broken(TRUNCATED);
        }

        /** The structure is broken here; the page says where. */
        static Broken malformed() {
            return new Broken(MALFORMED);
        }
    }

    /** One page being read. */
    private static final class Page {
        private final Scanner s;
        private final Expected expected;
        private final Progress progress;
        private final Consumer<RawRecord> records;
        private long replay = 0xcbf29ce484222325L;
        int index;
        boolean sawResults;
        JsonNode info;
        JsonNode error;

        Page(Scanner s, Expected expected, Progress progress, Consumer<RawRecord> records) {
            this.s = s;
            this.expected = expected;
            this.progress = progress;
            this.records = records;
        }

        void read() throws IOException, Broken {
            int first = s.skipWhitespace();
            if (first < 0) {
                throw new Broken("empty response body from " + expected.source());
            }
            if (first != '{') {
                if (first == '[' || first == '"' || first == '-' || (first >= '0' && first <= '9') || first == 't' || first == 'f' || first == 'n') {
                    throw new Broken("response from " + expected.source() + " is not a JSON object");
                }
                throw new Broken("response from " + expected.source() + " is not JSON" + s.where());
            }
            s.next();
            boolean firstMember = true;
            while (true) {
                int c = s.skipWhitespace();
                if (c == '}' && firstMember) {
                    s.next();
                    break;
                }
                if (c != '"') {
                    throw malformed(c);
                }
                Bytes name = new Bytes(256);
                s.string(name);
                expectAfterWhitespace(':');
                s.skipWhitespace();
                switch (name.cut ? "" : name.text()) {
                    case "\"results\"":
                        results();
                        break;
                    case "\"info\"":
                        info = envelopeValue("info");
                        break;
                    case "\"error\"":
                        error = envelopeValue("error");
                        break;
                    default:
                        s.value(null);
                        break;
                }
                firstMember = false;
                c = s.skipWhitespace();
                s.next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw malformed(c);
                }
            }
            if (s.skipWhitespace() >= 0) {
                throw new Broken("trailing content after the JSON object from " + expected.source());
            }
        }

        private void results() throws IOException, Broken {
            if (s.peek() != '[') {
                throw new Broken("results in the response from " + expected.source() + " is not an array");
            }
            sawResults = true;
            s.next();
            if (s.skipWhitespace() == ']') {
                s.next();
                return;
            }
            // One buffer for the page's records, emptied for each: a buffer grown per record was a tenth
            // of what fetching a record allocated.
            Bytes record = new Bytes(MAX_RECORD_BYTES);
            while (true) {
                if (index >= expected.results()) {
                    throw new Broken("page " + expected.page() + " holds more records than the " + expected.results()
                            + " asked for: record " + (index + 1) + " began");
                }
                record.clear();
                s.value(record);
                record(record.text());
                int c = s.skipWhitespace();
                s.next();
                if (c == ']') {
                    return;
                }
                if (c != ',') {
                    throw malformed(c);
                }
                s.skipWhitespace();
            }
        }

        private void record(String text) {
            if (index < progress.delivered) {
                replay = Progress.mix(replay, text);
                if (index == progress.delivered - 1 && replay != progress.fingerprint) {
                    throw new Changed();
                }
            } else {
                progress.fingerprint = Progress.mix(progress.fingerprint, text);
                progress.delivered++;
                RawRecord raw = new RawRecord(text, new RawRecord.Origin(expected.source(), expected.page(), index));
                try {
                    records.accept(raw);
                } catch (RuntimeException e) {
                    throw new ConsumerFailure(e);
                }
            }
            index++;
        }

        private JsonNode envelopeValue(String name) throws IOException, Broken {
            Bytes value = new Bytes(MAX_ENVELOPE_BYTES);
            s.value(value);
            if (value.cut) {
                throw new Broken(name + " in the response from " + expected.source() + " is larger than "
                        + Settings.humanBytes(MAX_ENVELOPE_BYTES));
            }
            try {
                return Contract.STREAM.readTree(value.text());
            } catch (JacksonException | NumberFormatException e) {
                throw new Broken("malformed JSON in " + name + " of page " + expected.page());
            }
        }

        private void expectAfterWhitespace(char expectedChar) throws IOException, Broken {
            int c = s.skipWhitespace();
            if (c != expectedChar) {
                throw malformed(c);
            }
            s.next();
        }

        private static Broken malformed(int c) {
            return c < 0 ? Broken.truncated() : Broken.malformed();
        }

        /** A retried page whose records differ from those already delivered. */
        static final class Changed extends RuntimeException {
            private static final long serialVersionUID = 1L;
        }
    }

    private static FetchFailure changed(Expected expected, Progress progress) {
        return FetchFailure.permanent("page " + expected.page() + " changed between attempts: its first " + progress.delivered
                + " records differ from those already delivered", null);
    }

    /** Bytes kept up to a cap; past it, counted as cut and dropped. */
    private static final class Bytes {
        private final int cap;
        private byte[] buf = new byte[256];
        private int len;
        boolean cut;

        Bytes(int cap) {
            this.cap = cap;
        }

        /** Empties it for the next value, keeping the buffer. */
        void clear() {
            len = 0;
            cut = false;
        }

        void add(byte[] b, int from, int to) {
            int n = to - from;
            if (cut || n <= 0) {
                return;
            }
            if (len + n > cap) {
                n = cap - len;
                cut = true;
            }
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.min(cap, Math.max(len + n, buf.length * 2)));
            }
            System.arraycopy(b, from, buf, len, n);
            len += n;
        }

        /** @return the bytes as text: UTF-8, a cut record ending at a character boundary, any byte that is not UTF-8 as a lone surrogate */
        String text() {
            int end = len;
            if (cut) {
                int j = end - 1;
                while (j > 0 && end - j < 4 && (buf[j] & 0xC0) == 0x80) {
                    j--;
                }
                int lead = buf[j] & 0xFF;
                int size = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
                if (j + size > end) {
                    end = j;
                }
            }
            return decode(buf, end);
        }
    }

    /**
     * UTF-8 to text, keeping every byte: a byte that is not part of valid UTF-8 becomes the lone
     * surrogate U+DC80 to U+DCFF of its value, so nothing is replaced silently and the validator can
     * say where.
     */
    static String decode(byte[] bytes, int length) {
        // Valid UTF-8 decodes alike either way, and the String constructor makes the text in one copy
        // (a char buffer and its copy into a String were a fifth of what fetching a record allocated).
        // It replaces whatever is not UTF-8 by U+FFFD, so text without one is exactly what the decoder
        // below makes; with one (sent as such, or a replacement), the decoder says which.
        String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') < 0) {
            return text;
        }
        return decodeKeepingBadBytes(bytes, length);
    }

    /** {@link #decode} by a decoder that reports each malformed byte, so it is kept as a lone surrogate. */
    static String decodeKeepingBadBytes(byte[] bytes, int length) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
        CharBuffer out = CharBuffer.allocate(length + 1);
        while (true) {
            CoderResult r = d.decode(in, out, true);
            if (r.isUnderflow()) {
                d.flush(out);
                break;
            }
            if (r.isError()) {
                for (int i = 0; i < r.length(); i++) {
                    out.put((char) (0xDC00 | (in.get() & 0xFF)));
                }
            } else {
                throw new IllegalStateException("decoding overflowed: " + r);
            }
        }
        out.flip();
        return out.toString();
    }

    /**
     * A byte stream read for its JSON structure only: strings and escapes, brackets, and the runs of
     * other bytes between them. What a value spans can be captured into {@link Bytes}. Tracks line and
     * column for messages.
     */
    private static final class Scanner {
        private final InputStream in;
        private final byte[] buf = new byte[8192];
        private int pos;
        private int end;
        private long line = 1;
        private long column = 1;
        private Bytes capture;
        private int mark;

        Scanner(InputStream in) {
            this.in = in;
        }

        int peek() throws IOException {
            if (pos == end) {
                if (capture != null) {
                    capture.add(buf, mark, end);
                }
                end = in.read(buf, 0, buf.length);
                pos = 0;
                mark = 0;
                if (end <= 0) {
                    end = 0;
                    return -1;
                }
            }
            return buf[pos] & 0xFF;
        }

        int next() throws IOException {
            int c = peek();
            if (c >= 0) {
                pos++;
                if (c == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            return c;
        }

        int skipWhitespace() throws IOException {
            int c;
            while ((c = peek()) == ' ' || c == '\n' || c == '\r' || c == '\t') {
                next();
            }
            return c;
        }

        String where() {
            return " (line " + line + ", column " + column + ")";
        }

        /** Reads a string whose opening quote is next, into {@code into} (quotes included) or nowhere. */
        void string(Bytes into) throws IOException, Broken {
            begin(into);
            next(); // the opening quote
            while (true) {
                int c = next();
                if (c < 0) {
                    throw Broken.truncated();
                }
                if (c == '"') {
                    break;
                }
                if (c == '\\' && next() < 0) {
                    throw Broken.truncated();
                }
            }
            end();
        }

        /**
         * Reads one value whose first byte is next, into {@code into} or nowhere: an object or array
         * (brackets matched, strings skipped whole), a string, or a run of other bytes (a number, a
         * literal, or something the validator will reject).
         */
        void value(Bytes into) throws IOException, Broken {
            int c = peek();
            if (c == '"') {
                string(into);
                return;
            }
            begin(into);
            if (c != '{' && c != '[') {
                int n = 0;
                while ((c = peek()) >= 0 && !delimiter(c)) {
                    next();
                    n++;
                }
                if (n == 0) {
                    throw c < 0 ? Broken.truncated() : Broken.malformed();
                }
                end();
                return;
            }
            BitSet arrays = new BitSet();
            int depth = 0;
            while (true) {
                c = next();
                if (c < 0) {
                    throw Broken.truncated();
                }
                if (c == '"') {
                    while (true) {
                        int d = next();
                        if (d < 0 || (d == '\\' && next() < 0)) {
                            throw Broken.truncated();
                        }
                        if (d == '"') {
                            break;
                        }
                    }
                } else if (c == '{' || c == '[') {
                    arrays.set(depth, c == '[');
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                    if (depth < 0 || arrays.get(depth) != (c == ']')) {
                        throw Broken.malformed();
                    }
                    if (depth == 0) {
                        end();
                        return;
                    }
                }
            }
        }

        private void begin(Bytes into) {
            capture = into;
            mark = pos;
        }

        private void end() {
            if (capture != null) {
                capture.add(buf, mark, pos);
            }
            capture = null;
        }

        private static boolean delimiter(int c) {
            return c == ',' || c == '}' || c == ']' || c == ':' || c == '"' || c == '{' || c == '[' || c == ' ' || c == '\n'
                    || c == '\r' || c == '\t';
        }
    }

    private static void checkEnvelope(Expected expected, boolean sawResults, JsonNode info) throws FetchFailure {
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

    private static FetchFailure classify(IOException e, Expected expected, int records) {
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
        return FetchFailure.permanent("reading page " + expected.page() + " failed" + after + ": " + e.getMessage(), e);
    }
}

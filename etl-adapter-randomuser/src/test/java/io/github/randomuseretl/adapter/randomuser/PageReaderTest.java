package io.github.randomuseretl.adapter.randomuser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.RejectionReason;
import io.github.randomuseretl.core.model.Validation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageReaderTest {

    private static final PageReader.Expected TWO = new PageReader.Expected("test://page", 1, 2, "s", "1.4");
    private static final String INFO = "\"info\":{\"seed\":\"s\",\"results\":2,\"page\":1,\"version\":\"1.4\"}";

    @Test
    void readsRecordsWhetherInfoComesBeforeOrAfterThem() throws Exception {
        for (String body : List.of("{\"results\":[{\"a\":1},{\"b\":\"ü\"}]," + INFO + "}", "{" + INFO + ",\"results\":[{\"a\":1},{\"b\":\"ü\"}]}")) {
            List<RawRecord> out = read(body, new PageReader.Progress());
            assertEquals(List.of("{\"a\":1}", "{\"b\":\"ü\"}"), out.stream().map(RawRecord::payload).toList());
            assertEquals(new RawRecord.Origin("test://page", 1, 1), out.get(1).origin());
        }
    }

    @Test
    void keepsNumbersExactlyAsSent() throws Exception {
        List<RawRecord> out = read("{\"results\":[{\"x\":1.10,\"y\":12345678901234567890},{}]}", new PageReader.Progress());
        assertEquals("{\"x\":1.10,\"y\":12345678901234567890}", out.get(0).payload());
    }

    @Test
    void handsOnElementsThatAreNotObjectsSoTheValidatorQuarantinesThem() throws Exception {
        List<RawRecord> out = read("{\"results\":[42,[\"x\"]]," + INFO + "}", new PageReader.Progress());
        assertEquals(List.of("42", "[\"x\"]"), out.stream().map(RawRecord::payload).toList());
    }

    @Test
    void handsOnARecordWithAKeyTwiceSoOnlyThatRecordIsRejected() throws Exception {
        List<RawRecord> out = read("{\"results\":[{\"nat\":\"US\",\"nat\":\"GB\"},{}]," + INFO + "}", new PageReader.Progress());
        assertEquals("{\"nat\":\"US\",\"nat\":\"GB\"}", out.get(0).payload());
        assertTrue(new JsonSchemaUserValidator(ApiVersion.V1_4, false).validate(out.get(0)) instanceof io.github.randomuseretl.core.model.Validation.Rejected);
    }

    @Test
    void handsOnEachRecordAsTheExactBytesOfThePageNotARewrite() throws Exception {
        String a = "{ \"b\" : [ 1.0 , 2E3 ] ,\n\t\"c\":\"\\u00fc\\\"}]\" }";
        String b = "{\"nat\":\"US\",  \"nat\" :\"GB\"}";
        List<RawRecord> out = read("{\"results\":[ " + a + " ,\n" + b + "]," + INFO + "}", new PageReader.Progress());
        assertEquals(List.of(a, b), out.stream().map(RawRecord::payload).toList());
    }

    @Test
    void cutsARecordLargerThanTheCapAndReadsOnPastItWithoutKeepingIt() throws Exception {
        String big = "{\"name\":{\"first\":\"" + "ü".repeat(100_000) + "\"}}";
        List<RawRecord> out = read("{\"results\":[" + big + ",{\"n\":2}]," + INFO + "}", new PageReader.Progress());
        String cut = out.get(0).payload();
        assertTrue(cut.getBytes(StandardCharsets.UTF_8).length <= PageReader.MAX_RECORD_BYTES);
        assertTrue(cut.getBytes(StandardCharsets.UTF_8).length > PageReader.MAX_RECORD_BYTES - 4, "cut at a character boundary near the cap");
        assertTrue(big.startsWith(cut) && cut.endsWith("ü"), "a prefix, never half a character");
        assertEquals("{\"n\":2}", out.get(1).payload(), "the next record is read whole");
        Validation.Rejected r = (Validation.Rejected) new JsonSchemaUserValidator(ApiVersion.V1_4, false).validate(out.get(0));
        assertEquals("/name/first", r.reasons().get(0).pointer());
        assertTrue(r.reasons().get(0).message().startsWith("is cut off here"), r.reasons().toString());
    }

    @Test
    void bytesThatAreNotUtf8AreHandedOnAsLoneSurrogatesNeverReplaced() throws Exception {
        byte[] head = "{\"results\":[{\"city\":\"Ber".getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("lin\"},{}]," + INFO + "}").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + 2 + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        body[head.length] = (byte) 0xFF;
        body[head.length + 1] = (byte) 0xC3; // a lead byte without its continuation
        System.arraycopy(tail, 0, body, head.length + 2, tail.length);
        List<RawRecord> out = new ArrayList<>();
        PageReader.read(new ByteArrayInputStream(body), TWO, new PageReader.Progress(), out::add);
        assertEquals("{\"city\":\"Ber\udcff\udcc3lin\"}", out.get(0).payload());
        Validation.Rejected r = (Validation.Rejected) new JsonSchemaUserValidator(ApiVersion.V1_4, false).validate(out.get(0));
        assertTrue(r.reasons().contains(new RejectionReason("/city", r.reasons().stream().filter(x -> x.pointer().equals("/city"))
                .findFirst().orElseThrow().message())));
        assertTrue(r.reasons().stream().anyMatch(x -> x.pointer().equals("/city") && x.message().startsWith("is not valid Unicode")));
    }

    /** Byte sequences that are not UTF-8 (or are U+FFFD itself), set into records' bytes and cut anywhere. */
    private static final List<byte[]> ODD_BYTES = List.of(new byte[] {(byte) 0x80}, new byte[] {(byte) 0xBF}, new byte[] {(byte) 0xC0, (byte) 0x80},
            new byte[] {(byte) 0xC1, (byte) 0xBF}, new byte[] {(byte) 0xC3}, new byte[] {(byte) 0xE2, (byte) 0x82},
            new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[] {(byte) 0xED, (byte) 0xBF, (byte) 0xBF}, new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD},
            new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, new byte[] {(byte) 0xF0, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF},
            new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            new byte[] {(byte) 0xF5}, new byte[] {(byte) 0xFE}, new byte[] {(byte) 0xFF}, new byte[] {0});

    @Test
    void decodingByTheStringConstructorGivesTheDecodersTextForEveryRecordAndEveryBadByte() {
        int n = 0;
        for (String file : FixtureRecords.ofVersions13And14()) {
            List<String> records = io.github.randomuseretl.core.testing.PoisonRecords.records(file);
            for (int r = 0; r < records.size(); r++) {
                byte[] bytes = records.get(r).getBytes(StandardCharsets.UTF_8);
                assertDecodesAlike(bytes, bytes.length);
                n++;
                if (r < 2) {
                    // Each odd sequence at a stride of positions, and the record cut at each of them.
                    for (int at = 0; at < bytes.length; at += 7) {
                        assertDecodesAlike(bytes, at);
                        for (byte[] odd : ODD_BYTES) {
                            byte[] mutated = java.util.Arrays.copyOf(bytes, bytes.length + odd.length);
                            System.arraycopy(odd, 0, mutated, at, odd.length);
                            System.arraycopy(bytes, at, mutated, at + odd.length, bytes.length - at);
                            assertDecodesAlike(mutated, mutated.length);
                            n++;
                        }
                    }
                }
            }
        }
        java.util.Random random = new java.util.Random(16);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(12)];
            random.nextBytes(bytes);
            assertDecodesAlike(bytes, bytes.length);
        }
        assertTrue(n > 7_000, "decoded " + n + " texts");
    }

    private static void assertDecodesAlike(byte[] bytes, int length) {
        assertEquals(PageReader.decodeKeepingBadBytes(bytes, length), PageReader.decode(bytes, length),
                () -> "decoded differently: " + java.util.HexFormat.of().formatHex(bytes, 0, length));
    }

    @Test
    void failsAsSoonAsARecordBeyondThoseAskedForBeginsWithoutReadingOn() {
        byte[] page = ("{\"results\":[{},{},{").getBytes(StandardCharsets.UTF_8);
        InputStream endless = new InputStream() {
            private int pos;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0];
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= page.length) {
                    throw new AssertionError("read past the first byte of the extra record");
                }
                int n = Math.min(len, page.length - pos);
                System.arraycopy(page, pos, b, off, n);
                pos += n;
                return n;
            }
        };
        List<RawRecord> out = new ArrayList<>();
        FetchFailure f = assertThrows(FetchFailure.class, () -> PageReader.read(endless, TWO, new PageReader.Progress(), out::add));
        assertEquals("page 1 holds more records than the 2 asked for: record 3 began", f.getMessage());
        assertFalse(f.isTransient());
        assertEquals(2, out.size());
    }

    @Test
    void skipsUnknownTopLevelFields() throws Exception {
        List<RawRecord> out = read("{\"motd\":{\"deep\":[1,2,{\"results\":[]}]},\"results\":[{},{}]}", new PageReader.Progress());
        assertEquals(2, out.size());
    }

    @Test
    void failsOnAnEnvelopeThatIsNotTheApis() {
        assertFailure("{\"results\":{}}", "results in the response from test://page is not an array");
        assertFailure("{\"info\":{\"seed\":\"s\",\"results\":2,\"page\":1,\"version\":\"1.4\"}}", "response from test://page has no results array");
        assertFailure("[{}]", "response from test://page is not a JSON object");
        assertFailure("", "empty response body from test://page");
        assertFailure("{\"results\":[{},{}]} {}", "trailing content after the JSON object from test://page");
        assertFailure("{\"results\":[{},{}],\"info\":{\"seed\":\"s\",\"results\":2,\"page\":1}}",
                "response envelope breaks the contract: /info/version is required");
        assertFailure("{\"results\":[{},{}],\"info\":{\"seed\":\"s\",\"results\":3,\"page\":1,\"version\":\"1.4\"}}",
                "info.results was 3, expected 2 (the API replaced a request parameter)");
        assertFailure("{\"results\":[{},{}],\"info\":{\"seed\":\"s\",\"results\":2,\"page\":2,\"version\":\"1.4\"}}",
                "info.page was 2, expected 1 (the API replaced a request parameter)");
        assertFailure("{\"results\":[{}]}", "page 1 had 1 records, expected 2");
        assertFailure("{\"results\":[{},{}],\"error\":\"Uh oh\"}", "randomuser.me answered with an error: Uh oh");
    }

    @Test
    void aRetriedPageHandsOnOnlyTheRecordsNotYetDelivered() throws Exception {
        String body = "{\"results\":[{\"n\":0},{\"n\":1}]," + INFO + "}";
        PageReader.Progress progress = new PageReader.Progress();
        List<RawRecord> out = new ArrayList<>();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        int cut = body.indexOf("{\"n\":1}") + 3;
        FetchFailure f = assertThrows(FetchFailure.class, () -> PageReader.read(resetAfter(bytes, cut), TWO, progress, out::add));
        assertTrue(f.isTransient());
        assertEquals("connection failed after 1 records of page 1: Connection reset", f.getMessage());
        assertEquals(1, progress.delivered());

        PageReader.read(new ByteArrayInputStream(bytes), TWO, progress, out::add);
        assertEquals(List.of("{\"n\":0}", "{\"n\":1}"), out.stream().map(RawRecord::payload).toList());
        assertEquals(List.of(0, 1), out.stream().map(r -> r.origin().index()).toList());
    }

    @Test
    void aRetriedPageThatChangedFailsInsteadOfMixingTwoAnswers() {
        PageReader.Progress progress = new PageReader.Progress();
        byte[] first = ("{\"results\":[{\"n\":0},{\"n\":1}]," + INFO + "}").getBytes(StandardCharsets.UTF_8);
        assertThrows(FetchFailure.class, () -> PageReader.read(resetAfter(first, 20), TWO, progress, r -> { }));
        FetchFailure f = assertThrows(FetchFailure.class, () -> PageReader.read(
                new ByteArrayInputStream(("{\"results\":[{\"n\":9},{\"n\":1}]," + INFO + "}").getBytes(StandardCharsets.UTF_8)),
                TWO, progress, r -> { }));
        assertFalse(f.isTransient());
        assertEquals("page 1 changed between attempts: its first 1 records differ from those already delivered", f.getMessage());
    }

    private static List<RawRecord> read(String body, PageReader.Progress progress) throws FetchFailure {
        List<RawRecord> out = new ArrayList<>();
        PageReader.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), TWO, progress, out::add);
        return out;
    }

    private static void assertFailure(String body, String message) {
        FetchFailure f = assertThrows(FetchFailure.class, () -> read(body, new PageReader.Progress()), body);
        assertEquals(message, f.getMessage());
        assertFalse(f.isTransient(), body);
    }

    /** A body whose connection resets after some bytes, as {@link BodyStream} reports it. */
    private static InputStream resetAfter(byte[] body, int bytes) {
        return new InputStream() {
            private int pos;

            @Override
            public int read() throws IOException {
                if (pos >= bytes) {
                    throw new BodyStream.TransportException(new IOException("Connection reset"));
                }
                return body[pos++] & 0xFF;
            }
        };
    }
}

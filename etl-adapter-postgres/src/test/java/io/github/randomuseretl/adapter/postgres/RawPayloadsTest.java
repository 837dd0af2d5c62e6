package io.github.randomuseretl.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.randomuseretl.core.model.RejectionReason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RawPayloadsTest {

    @Test
    void credentialValuesAreRedactedInPlaceAndEveryOtherCharacterKept() {
        String payload = "{ \"login\" : {\"uuid\":\"u-1\", \"password\":\"hunter2\",\"salt\":\"NaCl\",\"md5\":\"m\",\"sha1\":\"s1\",\"sha256\":\"s256\"},"
                + "\"location\":{\"coordinates\":{\"latitude\":12.3456789012345678901234,\"x\":1.50}}, \"deep\":{\"password\":123}}";
        RawPayloads.Stored s = RawPayloads.prepare(payload);
        String stored = RawPayloads.restore(s.bytes());
        assertEquals("{ \"login\" : {\"uuid\":\"u-1\", \"password\":\"[redacted]\",\"salt\":\"[redacted]\",\"md5\":\"[redacted]\","
                + "\"sha1\":\"[redacted]\",\"sha256\":\"[redacted]\"},\"location\":{\"coordinates\":{\"latitude\":12.3456789012345678901234,"
                + "\"x\":1.50}}, \"deep\":{\"password\":0}}", stored, "numbers keep every digit, spaces stay");
        assertArrayEquals(RawPayloads.sha256(stored.getBytes(StandardCharsets.UTF_8)), s.sha256());
        assertEquals(stored, s.json(), "a faithful jsonb copy");
    }

    @Test
    void aRecordWithoutCredentialsIsStoredByteForByte() {
        String payload = "{ \"name\" : {\"first\":\"Zoë\"}, \"n\": 1e3 }";
        RawPayloads.Stored s = RawPayloads.prepare(payload);
        assertArrayEquals(payload.getBytes(StandardCharsets.UTF_8), s.bytes());
        assertEquals(payload, s.json());
    }

    @Test
    void jsonbGetsACopyOnlyWhereItHoldsTheRecordFaithfully() {
        assertNull(RawPayloads.prepare("{\"email\":\"a@x.io\",\"email\":\"b@x.io\"}").json(), "jsonb keeps only the last of a key given twice");
        assertNull(RawPayloads.prepare("{\"age\":1e-20000}").json(), "numeric cannot hold it");
        assertNull(RawPayloads.prepare("{\"age\":-7E+99999999999999999999}").json(), "nor this, which Jackson itself refuses");
        assertNull(RawPayloads.prepare("{\"name\":\"a\\u0000b\"}").json(), "jsonb refuses \\u0000 even escaped");
        assertNull(RawPayloads.prepare("{\"name\":\"\\ud800\"}").json(), "a lone surrogate is not Unicode");
        assertNull(RawPayloads.prepare("{\"name\":\"x\"").json(), "cut off");
        assertNull(RawPayloads.prepare("[".repeat(200) + "]".repeat(200)).json(), "too deep");
        assertNotNull(RawPayloads.prepare("{\"age\":1e-300,\"n\":[1,2]}").json());
    }

    @Test
    void textThatIsNotJsonIsKeptWithCredentialsRedactedAndTheValidatorsMarksLeftAlone() {
        RawPayloads.Stored s = RawPayloads.prepare("{\"login\":{\"password\":\"a \\\"quoted\\\" pw\",\"salt\": bare,\"md5\":redacted,"
                + "\"sha256\":\"\\[redacted]\",\"sha1\":\"trunc");
        assertEquals("{\"login\":{\"password\":\"[redacted]\",\"salt\": \"[redacted]\",\"md5\":redacted,\"sha256\":\"\\[redacted]\","
                + "\"sha1\":\"[redacted]\"", RawPayloads.restore(s.bytes()));
        assertNull(s.json());
    }

    @Test
    void bytesThatWereNotUtf8AndNulComeBackExactly() {
        byte[] received = {'{', '"', 'c', '"', ':', '"', 'B', (byte) 0xFF, (byte) 0xC3, 0, '"', '}'};
        String text = ExactUtf8.decode(received);
        assertEquals("{\"c\":\"B\udcff\udcc3\0\"}", text);
        RawPayloads.Stored s = RawPayloads.prepare(text);
        assertArrayEquals(received, s.bytes(), "the bytes as received");
        assertEquals(text, RawPayloads.restore(s.bytes()), "the text the validator saw");
        assertNull(s.json());
        String emoji = "{\"n\":\"😀é\"}";
        assertArrayEquals(emoji.getBytes(StandardCharsets.UTF_8), ExactUtf8.encode(emoji));
    }

    @Test
    void reasonsAndParametersRoundTripAndReasonsAlwaysFitJsonb() {
        List<RejectionReason> reasons = List.of(new RejectionReason("/email", "must contain \"@\""), new RejectionReason("", "bad\0byte"),
                new RejectionReason("/k\ud800", "lone \udc00 here " + "x".repeat(2000)));
        Map<String, String> params = Map.of("seed", "slot-2026", "results", "100");

        List<RejectionReason> back = RawPayloads.parseReasons(RawPayloads.reasonsJson(reasons));
        assertEquals(List.of(reasons.get(0), new RejectionReason("", "bad\\u0000byte")), back.subList(0, 2));
        assertEquals("/k\uFFFD", back.get(2).pointer());
        assertFalse(back.get(2).message().contains("\udc00"));
        assertEquals(1003, back.get(2).message().length());
        assertEquals("{\"results\":\"100\",\"seed\":\"slot-2026\"}", RawPayloads.parametersJson(params));
        assertEquals(params, RawPayloads.parseParameters(RawPayloads.parametersJson(params)));
    }
}

package io.github.randomuseretl.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.model.RejectionReason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RawPayloadsTest {

    @Test
    void credentialsUnderLoginAreRedactedAndEverythingElseKept() {
        RawPayloads.Stored s = RawPayloads.prepare("{\"login\":{\"uuid\":\"u-1\",\"password\":\"hunter2\",\"salt\":\"NaCl\",\"md5\":\"m\","
                + "\"sha1\":\"s1\",\"sha256\":\"s256\"},\"location\":{\"coordinates\":{\"latitude\":12.3456789012345678901234,\"x\":1.50}}}");

        assertEquals("json", s.format());
        assertEquals("{\"login\":{\"uuid\":\"u-1\",\"password\":\"[redacted]\",\"salt\":\"[redacted]\",\"md5\":\"[redacted]\","
                + "\"sha1\":\"[redacted]\",\"sha256\":\"[redacted]\"},\"location\":{\"coordinates\":{\"latitude\":12.3456789012345678901234,"
                + "\"x\":1.50}}}", s.json(), "numbers keep every digit");
    }

    @Test
    void aRecordWithoutCredentialsIsStoredAsItCame() {
        String payload = "{ \"name\" : {\"first\":\"Zoë\"}, \"n\": 1e3 }";

        assertEquals(new RawPayloads.Stored("json", payload), RawPayloads.prepare(payload));
    }

    @Test
    void loginObjectsAnywhereInTheRecordAreRedacted() {
        RawPayloads.Stored s = RawPayloads.prepare("{\"results\":[{\"login\":{\"password\":\"pw1\"}},{\"login\":{\"password\":\"pw2\"}}]}");

        assertFalse(s.json().contains("pw1") || s.json().contains("pw2"), s.json());
    }

    @Test
    void textThatIsNotJsonIsKeptAsAStringWithCredentialsRedacted() {
        RawPayloads.Stored s = RawPayloads.prepare("{\"login\":{\"password\":\"a \\\"quoted\\\" pw\",\"salt\": bare,\"sha1\":\"trunc");

        assertEquals("text", s.format());
        String back = RawPayloads.restore(s.format(), s.json());
        assertEquals("{\"login\":{\"password\":\"[redacted]\",\"salt\": \"[redacted]\",\"sha1\":\"[redacted]\"", back);
    }

    @Test
    void aPayloadPostgresCannotHoldAsTextComesBackWhole() {
        RawPayloads.Stored nulText = RawPayloads.prepare("abc\0def");
        RawPayloads.Stored nulEscape = RawPayloads.prepare("{\"name\":\"a\\u0000b\",\"login\":{\"password\":\"pw\"}}");

        assertEquals("base64", nulText.format());
        assertEquals("abc\0def", RawPayloads.restore(nulText.format(), nulText.json()));
        assertEquals("text", nulEscape.format(), "jsonb refuses \\u0000 even escaped");
        assertFalse(nulEscape.json().contains("\"pw\""), nulEscape.json());
        assertTrue(RawPayloads.restore(nulEscape.format(), nulEscape.json()).contains("a\\u0000b"));
    }

    @Test
    void reasonsAndParametersRoundTrip() {
        List<RejectionReason> reasons = List.of(new RejectionReason("/email", "must contain \"@\""), new RejectionReason("", "bad\0byte"));
        Map<String, String> params = Map.of("seed", "slot-2026", "results", "100");

        assertEquals(List.of(reasons.get(0), new RejectionReason("", "bad\\u0000byte")),
                RawPayloads.parseReasons(RawPayloads.reasonsJson(reasons)));
        assertEquals("{\"results\":\"100\",\"seed\":\"slot-2026\"}", RawPayloads.parametersJson(params));
        assertEquals(params, RawPayloads.parseParameters(RawPayloads.parametersJson(params)));
    }
}

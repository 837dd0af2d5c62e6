package io.github.randomuseretl.adapter.randomuser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.RejectionReason;
import io.github.randomuseretl.core.model.Validation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Records an attacker (or a broken API) could send: each is a rejection naming its field, never an
 * exception and never memory in proportion to what it claims; its quarantined copy is its own text with
 * only the credential values replaced, and replaying that copy gives the same verdict.
 */
class PoisonRecordTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final JsonSchemaUserValidator VALIDATOR = new JsonSchemaUserValidator(ApiVersion.V1_4, false, CLOCK);
    private static final JsonSchemaUserValidator KEEPING_DIGEST = new JsonSchemaUserValidator(ApiVersion.V1_4, true, CLOCK);
    private static final String RECORD = FixtureRecords.records("v1.4/seed-single-results-1.json").get(0);

    private static Validation.Rejected rejected(JsonSchemaUserValidator validator, String text) {
        return assertInstanceOf(Validation.Rejected.class, validator.validate(FixtureRecords.raw(text)), text);
    }

    /** Replaces the first value of a key in the record's text, keeping everything else byte for byte. */
    private static String with(String key, String value) {
        Matcher m = Pattern.compile("\"" + key + "\":(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}\\]]+)").matcher(RECORD);
        assertTrue(m.find(), key);
        return RECORD.substring(0, m.start(1)) + value + RECORD.substring(m.end(1));
    }

    private static void rejectedAt(String text, String pointer, String messageStart) {
        Validation.Rejected r = rejected(VALIDATOR, text);
        assertTrue(r.reasons().stream().anyMatch(x -> x.pointer().equals(pointer) && x.message().startsWith(messageStart)),
                () -> pointer + " " + messageStart + " not in " + r.reasons());
        assertSameVerdictOnReplay(VALIDATOR, r);
    }

    private static void assertSameVerdictOnReplay(JsonSchemaUserValidator validator, Validation.Rejected first) {
        Validation again = validator.validate(first.record());
        Validation.Rejected replayed = assertInstanceOf(Validation.Rejected.class, again, "the redacted copy must stay rejected");
        assertEquals(first.reasons(), replayed.reasons(), "replaying the quarantined text judges it alike");
        assertEquals(first.record().payload(), replayed.record().payload(), "redaction is idempotent");
    }

    @Test
    void aNumberTooLargeTooSmallOrTooLongIsARejectionNamingItsFieldNotABigDecimal() {
        for (String number : List.of("1e-999999999", "1e999999999", "1e-20000", "-7E+99999999999999999999", "0.5e1002",
                "1" + "0".repeat(1001), "1" + "0".repeat(150))) {
            rejectedAt(with("latitude", number), "/location/coordinates/latitude", "is a number");
            rejectedAt(with("age", number), "/dob/age", "is a number");
            rejectedAt(with("postcode", number), "/location/postcode", "is a number");
            rejectedAt(with("number", number), "/location/street/number", "is a number");
        }
        // A long but bounded fraction is a number like any other.
        assertInstanceOf(Validation.Accepted.class, VALIDATOR.validate(FixtureRecords.raw(with("latitude", "1." + "0".repeat(95) + "1"))));
        // An unknown field with a poison number is rejected too: the quarantine must be able to store it.
        rejectedAt(RECORD.substring(0, RECORD.length() - 1) + ",\"extra\":{\"n\":1e-999999999}}", "/extra/n", "is a number out of range");
        // Zero is zero, whatever its exponent; a normal coordinate is fine.
        assertInstanceOf(Validation.Accepted.class, VALIDATOR.validate(FixtureRecords.raw(
                RECORD.substring(0, RECORD.length() - 1) + ",\"extra\":0e-999999999}")));
    }

    @Test
    void textThatIsNotValidUnicodeIsARejectionNamingItsFieldNeverReplaced() {
        rejectedAt(with("first", "\"Jo\\ud800hn\""), "/name/first", "is not valid Unicode: its text holds a lone surrogate (U+D800)");
        rejectedAt(with("first", "\"\\udc00\""), "/name/first", "is not valid Unicode");
        // A byte that was not UTF-8 reaches the validator as a lone surrogate (the source decodes so).
        rejectedAt(with("city", "\"Ber\udcfflin\""), "/location/city", "is not valid Unicode");
        rejectedAt(RECORD.substring(0, RECORD.length() - 1) + ",\"k\\ud83d\":1}", "/k\ud83d", "is not valid Unicode: its key");
        rejectedAt(with("first", "\"a\\u0000b\""), "/name/first", "must not contain the NUL character");
        // A real pair is fine.
        assertInstanceOf(Validation.Accepted.class, VALIDATOR.validate(FixtureRecords.raw(with("first", "\"Jo\\ud83d\\ude00hn\""))));
    }

    @Test
    void everyStringOfTheContractHasAMaximumLength() {
        rejectedAt(with("first", "\"" + "a".repeat(201) + "\""), "/name/first", "must be at most 200 characters");
        rejectedAt(with("city", "\"" + "a".repeat(201) + "\""), "/location/city", "must be at most 200 characters");
        rejectedAt(with("phone", "\"" + "1".repeat(51) + "\""), "/phone", "must be at most 50 characters");
        rejectedAt(with("large", "\"https://x.io/" + "a".repeat(2000) + "\""), "/picture/large", "must be at most 2000 characters");
        assertInstanceOf(Validation.Accepted.class, VALIDATOR.validate(FixtureRecords.raw(with("first", "\"" + "é".repeat(200) + "\""))));
    }

    @Test
    void deepNestingAndKeysGivenTwiceAreRejectionsNamingWhere() {
        String deep = "[".repeat(100) + "]".repeat(100);
        Validation.Rejected nested = rejected(VALIDATOR, RECORD.substring(0, RECORD.length() - 1) + ",\"deep\":" + deep + "}");
        assertEquals("is nested deeper than 32 levels", nested.reasons().get(0).message());
        assertTrue(nested.reasons().get(0).pointer().startsWith("/deep/0/0/0/0/0/0/0/0/0/0"), nested.reasons().toString());
        assertSameVerdictOnReplay(VALIDATOR, nested);
        String twice = RECORD.replaceFirst("\"email\":\"([^\"]*)\"", "\"email\":\"$1\",\"email\":\"evil@example.com\"");
        rejectedAt(twice, "/email", "is given twice");
        Validation.Rejected r = rejected(VALIDATOR, twice);
        assertTrue(r.record().payload().contains("\"email\":\"evil@example.com\""), "both values are kept in the quarantined text");
    }

    @Test
    void aRecordCutAtTheCapNamesTheValueTheCapFellIn() {
        String cut = with("first", "\"" + "a".repeat(70_000) + "\"").substring(0, 65_536);
        rejectedAt(cut, "/name/first", "is cut off here");
        // ... also when the cap falls in a password: the redacted copy is shorter, yet cut in the same place.
        String inPassword = with("password", "\"" + "p".repeat(70_000) + "\"").substring(0, 65_536);
        Validation.Rejected r = rejected(VALIDATOR, inPassword);
        assertEquals(new RejectionReason("/login/password", r.reasons().get(0).message()), r.reasons().get(0));
        assertFalse(r.record().payload().contains("ppp"), "the cut password is redacted");
        assertTrue(r.record().payload().endsWith("\"password\":\"[redacted]"), r.record().payload());
        assertSameVerdictOnReplay(VALIDATOR, r);
    }

    @Test
    void theQuarantinedTextIsTheRecordWithOnlyItsCredentialValuesReplaced() {
        String text = RECORD.replace("\"nat\":\"", "\"nat\":\"X").replaceFirst("\\{", "{ \"password\" : \"top\" ,  ");
        Validation.Rejected r = rejected(VALIDATOR, text);
        String payload = r.record().payload();
        String credential = "\"(password|salt|md5|sha1|sha256)\"(\\s*):(\\s*)\"(?:[^\"\\\\]|\\\\.)*\"";
        assertEquals(text.replaceAll(credential, "\"$1\"$2:$3\"[redacted]\""), payload, "nothing but credential values changes");
        assertEquals(6, Pattern.compile("\\[redacted]").matcher(payload).results().count(), "five in login and one at the top, kept twice");
        assertSameVerdictOnReplay(VALIDATOR, r);
    }

    @Test
    void credentialValuesOfAnyShapeAreRedactedAndTheVerdictHoldsOnReplay() {
        List<String> odd = List.of(
                with("password", "123456"),                       // a number
                with("password", "{\"a\":[\"x\",1.5,true]}"),   // a structure
                with("password", "hunter2"),                      // a bare word: not JSON
                with("password", "\"bad\\q escape\""),             // a string that is not JSON
                RECORD.replace("\"password\":", "\"pass\\u0077ord\":"));     // the key spelt with an escape
        for (String text : odd) {
            String broken = text.replace("\"nat\":\"", "\"nat\":\"X");
            Validation.Rejected r = rejected(VALIDATOR, broken);
            for (String secret : List.of("123456", "hunter2", "bad\\q", "\"x\"")) {
                assertFalse(r.record().payload().contains(secret), r.record().payload());
            }
            assertSameVerdictOnReplay(VALIDATOR, r);
        }
        // Not JSON because of the password: still not JSON, in the same place, once redacted.
        Validation.Rejected bare = rejected(VALIDATOR, with("password", "hunter2"));
        assertEquals(List.of(new RejectionReason("/login/password", "is not valid JSON here")), bare.reasons());
        assertTrue(bare.record().payload().contains("\"password\":redacted,"), bare.record().payload());
    }

    @Test
    void aCredentialThatBreaksTheJsonIsNamedByItsOwnKeyWhateverItsBytesSoItsRedactedCopyIsJudgedAlike() {
        // Bare words that start like a number (or a literal) and then break, alone or inside a structure:
        // the parser and the redaction read them differently, so the reason may not depend on their bytes.
        List<String> broken = List.of("0x10", "[0x10]", "[1,0x10]", "[0x10,1]", "{\"a\":0x10}", "1.5e", "-", "01", "t", "nul",
                "1.5.5", "[1 2]", "\"a\" \"b\"", "[\"a\\q\"]", "0x10 ", "[[0x10]]");
        for (String key : List.of("password", "salt", "md5", "sha1", "sha256")) {
            for (String value : broken) {
                for (JsonSchemaUserValidator validator : List.of(VALIDATOR, KEEPING_DIGEST)) {
                    Validation.Rejected r = rejected(validator, with(key, value));
                    assertEquals(List.of(new RejectionReason("/login/" + key, "is not valid JSON here")), r.reasons(), key + ":" + value);
                    assertSameVerdictOnReplay(validator, r);
                }
            }
        }
        // Deeper, in a field the contract does not know: named by that credential's own key.
        String extra = RECORD.substring(0, RECORD.length() - 1) + ",\"extra\":[{\"k\":1},{\"sha256\":[0x10]}]}";
        Validation.Rejected deep = rejected(VALIDATOR, extra);
        assertEquals(List.of(new RejectionReason("/extra/1/sha256", "is not valid JSON here")), deep.reasons());
        assertSameVerdictOnReplay(VALIDATOR, deep);
        // The record ends inside such a value: cut off, named by the key, whatever the value's bytes were.
        for (String value : List.of("0x", "t", "[0x10", "[1,2", "1.5e", "\"abc\\")) {
            String cut = RECORD.substring(0, RECORD.indexOf("\"sha256\":") + "\"sha256\":".length()) + value;
            Validation.Rejected r = rejected(VALIDATOR, cut);
            assertEquals(1, r.reasons().size(), r.reasons()::toString);
            assertEquals("/login/sha256", r.reasons().get(0).pointer(), value);
            assertTrue(r.reasons().get(0).message().startsWith("is cut off here"), r.reasons()::toString);
            assertSameVerdictOnReplay(VALIDATOR, r);
        }
    }

    @Test
    void noReasonQuotesAValueSoAPasswordThatIsAlsoAWordOfAMessageIsJudgedAlikeOnReplay() {
        // A password "mail" next to a bad e-mail: the message "must be an e-mail address" must stay whole.
        String text = with("password", "\"mail\"").replaceFirst("\"email\":\"[^\"]*\"", "\"email\":\"not an address\"");
        Validation.Rejected r = rejected(VALIDATOR, text);
        assertEquals(List.of(new RejectionReason("/email", "must be an e-mail address such as jane.doe@example.com")), r.reasons());
        assertSameVerdictOnReplay(VALIDATOR, r);
        // No message quotes the value it is about, so none can quote a credential even when another field holds the same text.
        String secret = "Zq7secretZq7";
        String everywhere = with("password", "\"" + secret + "\"");
        for (String key : List.of("email", "uuid", "gender", "nat", "offset", "date", "large", "postcode", "first", "latitude")) {
            Matcher m = Pattern.compile("\"" + key + "\":(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}\\]]+)").matcher(everywhere);
            assertTrue(m.find(), key);
            everywhere = everywhere.substring(0, m.start(1)) + "\"" + secret + "\"" + everywhere.substring(m.end(1));
        }
        for (String offset : List.of("\"-13:00\"", "\"" + secret + ":00\"")) {
            for (String variant : List.of(everywhere, everywhere.replaceFirst("\"offset\":\"[^\"]*\"", "\"offset\":" + offset))) {
                Validation.Rejected all = rejected(VALIDATOR, variant);
                assertFalse(all.reasons().toString().contains(secret), all.reasons()::toString);
                assertFalse(all.record().payload().contains("\"password\":\"" + secret), all.record().payload());
                assertSameVerdictOnReplay(VALIDATOR, all);
            }
        }
        Validation.Rejected offsetOutOfRange = rejected(VALIDATOR, with("offset", "\"-13:00\""));
        assertEquals(List.of(new RejectionReason("/location/timezone/offset", "must be from -12:00 to +14:00")), offsetOutOfRange.reasons());
    }

    @Test
    void aDigestTheContractRejectedStaysRejectedOnReplay() {
        Validation.Rejected badDigest = rejected(KEEPING_DIGEST, with("sha256", "\"NOT-A-DIGEST\""));
        assertEquals(List.of(new RejectionReason("/login/sha256", "must be 64 lower-case hex digits to be kept (ETL_KEEP_PASSWORD_HASH=true)")),
                badDigest.reasons());
        assertTrue(badDigest.record().payload().contains("\"sha256\":\"[redacted: rejected]\""), badDigest.record().payload());
        assertSameVerdictOnReplay(KEEPING_DIGEST, badDigest);

        Validation.Rejected noSalt = rejected(KEEPING_DIGEST, RECORD.replaceFirst("\"salt\":\"[^\"]*\",", ""));
        assertEquals("/login/salt", noSalt.reasons().get(0).pointer());
        assertSameVerdictOnReplay(KEEPING_DIGEST, noSalt);
    }

    @Test
    void theRedactorWorksOnAnyTextAndLeavesTextWithoutCredentialsAlone() {
        for (String text : List.of("", "{", "}", "\"", "[[[", "{\"password\"", "{\"password\":", "{\"a\":\"\\", "not json at all",
                "{\"login\":{\"password\":\"x\"}}}}]]", "\ud800")) {
            String redacted = Credentials.redact(text, Set.of());
            assertFalse(redacted.contains("\"x\""), text);
        }
        String clean = "{\"a\": [1, 2.5, \"three\", {\"b\": null}]}";
        assertEquals(clean, Credentials.redact(clean, Set.of()));
        RawRecord raw = FixtureRecords.raw("{\"password\":\"x\"}");
        assertEquals("{\"password\":\"[redacted]\"}", rejected(VALIDATOR, raw.payload()).record().payload());
    }
}

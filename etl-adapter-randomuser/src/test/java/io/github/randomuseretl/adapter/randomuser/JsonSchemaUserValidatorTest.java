package io.github.randomuseretl.adapter.randomuser;

import static io.github.randomuseretl.adapter.randomuser.FixtureRecords.JSON;
import static io.github.randomuseretl.adapter.randomuser.FixtureRecords.raw;
import static io.github.randomuseretl.adapter.randomuser.FixtureRecords.records;
import static io.github.randomuseretl.adapter.randomuser.FixtureRecords.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.model.PasswordDigest;
import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.RejectionReason;
import io.github.randomuseretl.core.model.User;
import io.github.randomuseretl.core.model.Validation;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class JsonSchemaUserValidatorTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
    private static final JsonSchemaUserValidator V14 = new JsonSchemaUserValidator(ApiVersion.V1_4, false, NOW);
    private static final JsonSchemaUserValidator V13 = new JsonSchemaUserValidator(ApiVersion.V1_3, false, NOW);
    /** The part of the core user each top-level field an {@code inc}/{@code exc} may leave out maps to. */
    private static final Map<String, Function<User, Object>> OPTIONAL_PARTS = Map.of(
            "gender", User::gender, "location", User::location, "registered", User::registeredAt, "dob", User::dateOfBirth,
            "phone", User::phone, "cell", User::cell, "id", User::nationalId, "picture", User::pictures);

    static List<String> recordingsOfVersions13And14() {
        return FixtureRecords.ofVersions13And14();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordingsOfVersions13And14")
    void acceptsEveryRecordOfEveryRecordedResponseOfItsVersion(String fixture) {
        JsonSchemaUserValidator validator = fixture.startsWith("v1.3/") ? V13 : V14;
        List<String> texts = records(fixture);
        assertFalse(texts.isEmpty());
        for (String text : texts) {
            Validation v = validator.validate(raw(text));
            if (v instanceof Validation.Rejected r) {
                throw new AssertionError(fixture + ": rejected " + r.reasons());
            }
        }
    }

    @Test
    void theRecordingsCheckedAboveIncludeEveryOneThisSuiteKnowsOf() {
        List<String> found = FixtureRecords.ofVersions13And14();
        assertTrue(found.containsAll(FixtureRecords.KNOWN), () -> "missing: "
                + FixtureRecords.KNOWN.stream().filter(k -> !found.contains(k)).toList());
    }

    @Test
    void version14ContractAcceptsVersion13RecordsBecauseTheyShareOneShape() {
        for (String text : records("v1.3/seed-fixture-results-200.json")) {
            assertInstanceOf(Validation.Accepted.class, V14.validate(raw(text)));
        }
    }

    @Test
    void mapsARecordToTheCoreUser() {
        User u = accepted(V14, single());
        assertEquals(UUID.fromString("beea3fbc-58d6-4454-bf7f-ee72b2bb9a66"), u.uuid());
        assertEquals("lazyzebra904", u.username());
        assertEquals("Mike", u.name().first());
        assertEquals("mike.stewart@example.com", u.email());
        assertEquals(Instant.parse("1995-02-10T17:25:12.032Z"), u.dateOfBirth());
        assertEquals(Instant.parse("2011-09-29T05:22:45.051Z"), u.registeredAt());
        assertEquals("82122", u.location().postcode());
        assertEquals(new BigDecimal("81.8874"), u.location().coordinates().latitude());
        assertEquals(new BigDecimal("-134.0703"), u.location().coordinates().longitude());
        assertEquals("+09:00", u.location().timeZone().offset());
        assertEquals("United States", u.location().country());
        assertEquals(6531, u.location().streetNumber());
        assertEquals("478-13-6689", u.nationalId().value());
        assertEquals(URI.create("https://randomuser.me/api/portraits/thumb/men/15.jpg"), u.pictures().thumbnail());
        assertEquals("US", u.nationality());
        assertNull(u.passwordDigest(), "no digest unless the operator opts in");
    }

    @Test
    void normalisesTimeZoneOffsetsToSignedTwoDigitHours() {
        Map<String, String> cases = Map.of("+5:45", "+05:45", "-3:30", "-03:30", "0:00", "+00:00", "+11:00", "+11:00",
                "-12:00", "-12:00", "5:30", "+05:30");
        cases.forEach((given, expected) -> {
            ObjectNode r = single();
            ((ObjectNode) r.at("/location/timezone")).put("offset", given);
            assertEquals(expected, accepted(V14, r).location().timeZone().offset(), given);
        });
    }

    @Test
    void readsRfc3339DatesWithOffsetsOrLowerCaseLettersAsInstants() {
        Map<String, String> cases = Map.of(
                "1995-02-10T17:25:12.032Z", "1995-02-10T17:25:12.032Z",
                "1995-02-10T19:25:12.032+02:00", "1995-02-10T17:25:12.032Z",
                "1995-02-10t17:25:12z", "1995-02-10T17:25:12Z",
                "1995-02-10T17:25:12.123456Z", "1995-02-10T17:25:12.123456Z");
        cases.forEach((given, expected) -> {
            ObjectNode r = single();
            ((ObjectNode) r.get("dob")).put("date", given);
            assertEquals(Instant.parse(expected), accepted(V14, r).dateOfBirth(), given);
        });
    }

    @Test
    void lowerCasesTheEmail() {
        ObjectNode r = single();
        r.put("email", "Mike.Stewart@Example.COM");
        assertEquals("mike.stewart@example.com", accepted(V14, r).email());
    }

    @Test
    void keepsTextPostcodesAsTheyAreAndTurnsNumbersIntoText() {
        Set<String> textPostcodes = new HashSet<>();
        for (String fixture : List.of("v1.4/nat-CA-results-50.json", "v1.4/nat-GB-results-50.json", "v1.4/nat-NO-results-50.json")) {
            for (String text : records(fixture)) {
                JsonNode postcode = JSON.readTree(text).at("/location/postcode");
                User u = accepted(V14, text);
                assertEquals(postcode.isString() ? postcode.stringValue() : postcode.asString(), u.location().postcode());
                if (postcode.isString()) {
                    textPostcodes.add(u.location().postcode());
                }
            }
        }
        assertTrue(textPostcodes.stream().anyMatch(p -> p.startsWith("0")), "leading zeros kept: " + textPostcodes);
        assertTrue(textPostcodes.stream().anyMatch(p -> p.contains(" ")), "letters and spaces kept: " + textPostcodes);
    }

    @Test
    void acceptsANullNationalIdValue() {
        List<User> users = records("v1.4/nat-IR-results-50.json").stream().map(t -> accepted(V14, t)).toList();
        assertTrue(users.stream().allMatch(u -> u.nationalId().value() == null && u.nationalId().name().isEmpty()));
    }

    @Test
    void keepsNonAsciiNamesExactly() {
        for (String text : records("v1.4/nat-IR-results-50.json")) {
            String last = JSON.readTree(text).at("/name/last").stringValue();
            assertTrue(last.chars().anyMatch(c -> c >= 0x0600 && c <= 0x06FF), "Persian script in the fixture: " + last);
            assertEquals(last, accepted(V14, text).name().last());
        }
        ObjectNode r = single();
        ((ObjectNode) r.get("location").get("street")).put("name", "Grüner Weg");
        assertEquals("Grüner Weg", accepted(V14, r).location().streetName());
    }

    @Test
    void acceptsAnEmptyPassword() {
        ObjectNode r = single();
        ((ObjectNode) r.get("login")).put("password", "");
        assertNotNull(accepted(V14, r));
    }

    @Test
    void acceptsLegoUsersWithoutACountry() {
        List<User> users = records("v1.4/lego-results-50.json").stream().map(t -> accepted(V14, t)).toList();
        assertEquals(50, users.size());
        assertTrue(users.stream().allMatch(u -> u.nationality().equals("LEGO") && u.location().country() == null));
    }

    @Test
    void requiresACountryForEveryOtherNationality() {
        ObjectNode r = single();
        ((ObjectNode) r.get("location")).remove("country");
        assertReasons(V14, r, "/location/country");
    }

    @Test
    void version13ContractRejectsNationalitiesOnlyVersion14Has() {
        ObjectNode r = single();
        r.put("nat", "UA");
        assertReasons(V13, r, "/nat");
        assertNotNull(accepted(V14, r));
    }

    @Test
    void rejectsAnUnknownNationality() {
        ObjectNode r = single();
        r.put("nat", "XX");
        RejectionReason reason = assertReasons(V14, r, "/nat").get(0);
        assertTrue(reason.message().contains("nationality of API 1.4"), reason.message());
    }

    @Test
    void rejectsRecordWithoutUuidAndKeepsItForQuarantine() {
        ObjectNode r = single();
        ((ObjectNode) r.get("login")).remove("uuid");
        Validation.Rejected rejected = rejected(V14, r);
        assertEquals(List.of("/login/uuid"), pointers(rejected));
        assertEquals("is required", rejected.reasons().get(0).message());
        assertEquals("lazyzebra904", JSON.readTree(rejected.record().payload()).at("/login/username").stringValue(),
                "the quarantined record is the record, redacted");
    }

    @Test
    void rejectsTextHoldingTheNulCharacterWhichPostgresCannotStoreNamingEachPlace() {
        ObjectNode r = single();
        ((ObjectNode) r.get("name")).put("first", "Ma\u0000rk");
        ((ObjectNode) r.at("/location/street")).put("name", "\u0000");
        Validation.Rejected rejected = rejected(V14, r);
        assertEquals(List.of("/location/street/name", "/name/first"), pointers(rejected).stream().sorted().toList());
        assertEquals("must not contain the NUL character (U+0000)", rejected.reasons().get(0).message());
        ObjectNode escapedText = single();
        ((ObjectNode) escapedText.get("name")).put("first", "back\\u0000slash");
        accepted(V14, escapedText);
    }

    @Test
    void rejectsMalformedUuids() {
        for (String uuid : List.of("beea3fbc58d64454bf7fee72b2bb9a66", "not-a-uuid", "beea3fbc-58d6-4454-bf7f-ee72b2bb9a6", "")) {
            ObjectNode r = single();
            ((ObjectNode) r.get("login")).put("uuid", uuid);
            assertReasons(V14, r, "/login/uuid");
        }
    }

    @Test
    void rejectsBadEmails() {
        for (String email : List.of("mike.stewart", "mike stewart@example.com", "mike@@example.com", "@example.com")) {
            ObjectNode r = single();
            r.put("email", email);
            assertReasons(V14, r, "/email");
        }
    }

    @Test
    void rejectsMalformedDates() {
        for (String date : List.of("1995-02-30T17:25:12.032Z", "yesterday", "1995-02-10", "1995-02-10T17:25:12")) {
            ObjectNode r = single();
            ((ObjectNode) r.get("dob")).put("date", date);
            assertReasons(V14, r, "/dob/date");
        }
    }

    @Test
    void rejectsDatesInTheFutureBeforeBirthOrBefore1900() {
        ObjectNode future = single();
        ((ObjectNode) future.get("registered")).put("date", "2027-01-01T00:00:00.000Z");
        assertReasons(V14, future, "/registered/date");

        ObjectNode beforeBirth = single();
        ((ObjectNode) beforeBirth.get("registered")).put("date", "1990-01-01T00:00:00.000Z");
        assertEquals("must not be before dob.date", assertReasons(V14, beforeBirth, "/registered/date").get(0).message());

        ObjectNode ancient = single();
        ((ObjectNode) ancient.get("dob")).put("date", "1850-01-01T00:00:00.000Z");
        assertReasons(V14, ancient, "/dob/date");
    }

    @Test
    void rejectsWrongTypes() {
        ObjectNode r = single();
        ((ObjectNode) r.get("location")).put("postcode", true);
        ((ObjectNode) r.at("/location/street")).put("number", "6531");
        r.put("gender", "robot");
        ((ObjectNode) r.get("dob")).put("age", "31");
        r.put("phone", 7177663382L);
        ((ObjectNode) r.get("id")).put("value", 478136689);
        assertReasons(V14, r, "/location/postcode", "/location/street/number", "/gender", "/dob/age", "/phone", "/id/value");
    }

    @Test
    void rejectsCoordinatesOutOfRangeAsTextOrNumber() {
        ObjectNode text = single();
        ((ObjectNode) text.at("/location/coordinates")).put("latitude", "91.0000");
        ((ObjectNode) text.at("/location/coordinates")).put("longitude", "-180.0001");
        List<RejectionReason> reasons = assertReasons(V14, text, "/location/coordinates/latitude", "/location/coordinates/longitude");
        assertTrue(reasons.get(0).message().contains("-90 to 90"), reasons.get(0).message());

        ObjectNode number = single();
        ((ObjectNode) number.at("/location/coordinates")).put("latitude", -95.5);
        assertReasons(V14, number, "/location/coordinates/latitude");

        ObjectNode notANumber = single();
        ((ObjectNode) notANumber.at("/location/coordinates")).put("longitude", "east");
        assertReasons(V14, notANumber, "/location/coordinates/longitude");
    }

    @Test
    void acceptsCoordinatesSentAsNumbersKeepingTheirDigits() {
        ObjectNode r = single();
        ((ObjectNode) r.at("/location/coordinates")).put("latitude", new BigDecimal("-43.2310"));
        assertEquals(new BigDecimal("-43.2310"), accepted(V14, r).location().coordinates().latitude());
    }

    @Test
    void rejectsTimeZoneOffsetsOutOfRangeOrMalformed() {
        for (String offset : List.of("+15:00", "-13:00", "+5:75", "UTC", "+5")) {
            ObjectNode r = single();
            ((ObjectNode) r.at("/location/timezone")).put("offset", offset);
            assertReasons(V14, r, "/location/timezone/offset");
        }
    }

    @Test
    void rejectsBlankNamesAndRelativePictureUrls() {
        ObjectNode r = single();
        ((ObjectNode) r.get("name")).put("first", "   ");
        ((ObjectNode) r.get("picture")).put("large", "portraits/men/15.jpg");
        ((ObjectNode) r.get("picture")).put("medium", "https://randomuser.me/api/portraits/med/men/15 1.jpg");
        ((ObjectNode) r.get("picture")).put("thumbnail", "https://randomuser.me/api/por|traits.jpg");
        assertReasons(V14, r, "/name/first", "/picture/large", "/picture/medium", "/picture/thumbnail");
    }

    @Test
    void reportsEveryReasonOfOneRecordAtOnce() {
        ObjectNode r = single();
        ((ObjectNode) r.get("login")).remove("uuid");
        r.put("email", "nope");
        r.put("nat", "XX");
        r.remove("name");
        ((ObjectNode) r.get("location")).remove("city");
        assertReasons(V14, r, "/login/uuid", "/email", "/nat", "/name", "/location/city");
    }

    @Test
    void rejectsRecordsShapedLikeVersions10To12WithAReasonNamingTheShape() {
        List<String> old = records("v1.0/seed-fixture-results-200.json");
        for (String text : old) {
            Validation.Rejected r = rejected(V14, text);
            assertEquals("", r.reasons().get(0).pointer());
            assertTrue(r.reasons().get(0).message().contains("API 1.0 to 1.2"), r.reasons().get(0).message());
            Set<String> pointers = new HashSet<>(pointers(r));
            assertTrue(pointers.containsAll(List.of("/login/uuid", "/location/street", "/dob")), pointers.toString());
        }
        // 1.2: a street as text and no country, otherwise like 1.3.
        ObjectNode v12 = single();
        ((ObjectNode) v12.get("location")).put("street", "6531 E Pecan St");
        ((ObjectNode) v12.get("location")).remove("country");
        Validation.Rejected r = rejected(V14, v12);
        assertTrue(r.reasons().get(0).message().contains("API 1.0 to 1.2"));
        assertTrue(pointers(r).containsAll(List.of("/location/street", "/location/country")));
        // 1.1: plain date text, also on a record otherwise as narrow as an inc subset allows.
        ObjectNode v11 = (ObjectNode) JSON.readTree(records(FixtureRecords.INC_SUBSET).get(0));
        v11.put("registered", "2011-09-29 05:22:45");
        Validation.Rejected narrow = rejected(V14, v11);
        assertEquals(new RejectionReason("", "has the shape of randomuser.me API 1.0 to 1.2 (dob/registered are plain values); "
                + "only API 1.3 and 1.4 records are accepted"), narrow.reasons().get(0));
        assertEquals(List.of("", "/registered"), pointers(narrow));
    }

    @Test
    void rejectsTextThatIsNotAJsonObjectAsARecordNeverAnExceptionNamingWhereItBreaks() {
        Map<String, List<String>> cases = Map.of(
                "{\"login\": {\"uuid\": \"x\", \"password\": \"hunter2\"", List.of("/login/password", "is cut off here"),
                "<html>502 Bad Gateway</html>", List.of("", "is not valid JSON here"),
                "{\"name\":{\"first\":tru}}", List.of("/name/first", "is not valid JSON here"),
                "{\"nat\":\"US\",\"nat\":\"GB\"}", List.of("/nat", "is given twice: a key may appear once in an object"),
                "{\"gender\":\"male\"} {}", List.of("", "is not valid JSON: more follows the record"));
        cases.forEach((text, expected) -> {
            Validation.Rejected r = rejected(V14, text);
            assertEquals(expected.get(0), r.reasons().get(0).pointer(), text + " -> " + r.reasons());
            assertTrue(r.reasons().get(0).message().startsWith(expected.get(1)), text + " -> " + r.reasons());
        });
        assertEquals("must be a JSON object, got array", rejected(V14, "[1,2]").reasons().get(0).message());
        assertEquals("must be a JSON object, got string", rejected(V14, "\"user\"").reasons().get(0).message());
        assertEquals("is empty, expected a JSON object", rejected(V14, " ").reasons().get(0).message());
    }

    @Test
    void redactsCredentialsOfRejectedRecordsKeepingTheirShape() {
        for (String text : records("v1.4/password-charset-results-20.json")) {
            ObjectNode r = (ObjectNode) JSON.readTree(text);
            JsonNode login = r.get("login").deepCopy();
            r.put("nat", "XX");
            Validation.Rejected rejected = rejected(V14, r);
            JsonNode quarantined = JSON.readTree(rejected.record().payload());
            for (String field : List.of("password", "salt", "md5", "sha1", "sha256")) {
                assertEquals("[redacted]", quarantined.at("/login/" + field).stringValue(), field);
                String secret = login.get(field).stringValue();
                if (secret.length() >= 3) {
                    assertFalse(rejected.record().payload().contains(secret), "payload leaks " + field);
                    assertFalse(rejected.reasons().toString().contains(secret), "reasons leak " + field);
                }
            }
            assertEquals(login.get("uuid"), quarantined.at("/login/uuid"));
            assertEquals(r.size(), quarantined.size(), "no key removed");
        }
    }

    @Test
    void redactsCredentialsEvenFromTextThatIsNotJson() {
        String text = "{\"login\":{\"uuid\":\"beea3fbc-58d6-4454-bf7f-ee72b2bb9a66\",\"password\":\"s3cr\\\"et pw\",\"salt\":\"xHZypws8\","
                + "\"md5\":45eb28dd,\"sha256\":\"9166945be6ed8a3a";
        Validation.Rejected r = rejected(V14, text);
        String payload = r.record().payload();
        for (String secret : List.of("s3cr", "et pw", "xHZypws8", "45eb28dd", "9166945be6ed8a3a")) {
            assertFalse(payload.contains(secret), payload);
        }
        assertTrue(payload.contains("\"uuid\":\"beea3fbc-58d6-4454-bf7f-ee72b2bb9a66\""), payload);
    }

    @Test
    void quarantinedRecordValidatesAgainOnReplayOnceNothingElseIsWrong() {
        // Rejected while the validator's clock was wrong (registration looked like the future)...
        Clock skewed = Clock.fixed(Instant.parse("2005-01-01T00:00:00Z"), ZoneOffset.UTC);
        JsonSchemaUserValidator wrongClock = new JsonSchemaUserValidator(ApiVersion.V1_4, true, skewed);
        Validation.Rejected rejected = rejected(wrongClock, single());
        assertEquals(List.of("/registered/date"), pointers(rejected));
        // ...and replayed later from quarantine: accepted, without a digest since its hash was redacted.
        JsonSchemaUserValidator replay = new JsonSchemaUserValidator(ApiVersion.V1_4, true, NOW);
        User u = accepted(replay, rejected.record().payload());
        assertNull(u.passwordDigest());
        assertEquals(UUID.fromString("beea3fbc-58d6-4454-bf7f-ee72b2bb9a66"), u.uuid());
    }

    @Test
    void keepsTheSaltedSha256DigestOnlyWhenTheOperatorOptsIn() {
        JsonSchemaUserValidator keeping = new JsonSchemaUserValidator(ApiVersion.V1_4, true, NOW);
        PasswordDigest d = accepted(keeping, single()).passwordDigest();
        assertEquals(new PasswordDigest("xHZypws8", "9166945be6ed8a3a163ce527aefd00eb0d70d1369461c10e1caf6e6a9ebe3423"), d);
        assertNull(accepted(V14, single()).passwordDigest());

        ObjectNode badHash = single();
        ((ObjectNode) badHash.get("login")).put("sha256", "not-a-hash");
        assertReasons(keeping, badHash, "/login/sha256");
        assertNotNull(accepted(V14, badHash), "without the opt-in the hash is not looked at");
    }

    @Test
    void neverPutsThePlaintextPasswordIntoAnAcceptedUser() {
        for (String text : records("v1.4/password-charset-results-20.json")) {
            String password = JSON.readTree(text).at("/login/password").stringValue();
            User u = accepted(new JsonSchemaUserValidator(ApiVersion.V1_4, true, NOW), text);
            if (password.length() >= 3) {
                assertFalse(u.toString().contains(password));
            }
        }
    }

    @Test
    void acceptsEveryRecordOfAnIncSubsetMappingTheLeftOutPartsToNull() {
        List<String> texts = records(FixtureRecords.INC_SUBSET);
        assertEquals(100, texts.size());
        Set<UUID> uuids = new HashSet<>();
        for (String text : texts) {
            JsonNode r = JSON.readTree(text);
            User u = accepted(V14, text);
            assertEquals(UUID.fromString(r.at("/login/uuid").stringValue()), u.uuid());
            assertEquals(r.at("/login/username").stringValue(), u.username());
            assertEquals(r.at("/name/first").stringValue(), u.name().first());
            assertEquals(r.at("/name/last").stringValue(), u.name().last());
            assertEquals(r.at("/name/title").stringValue(), u.name().title());
            assertEquals(r.get("email").stringValue(), u.email());
            assertEquals(r.get("nat").stringValue(), u.nationality());
            assertNull(u.gender());
            assertNull(u.dateOfBirth());
            assertNull(u.registeredAt());
            assertNull(u.phone());
            assertNull(u.cell());
            assertNull(u.location());
            assertNull(u.nationalId());
            assertNull(u.pictures());
            uuids.add(u.uuid());
        }
        assertEquals(100, uuids.size());
    }

    @Test
    void keepsTheDigestOfAnIncSubsetRecordOnOptInBecauseLoginIsAlwaysThere() {
        String text = records(FixtureRecords.INC_SUBSET).get(0);
        JsonNode login = JSON.readTree(text).get("login");
        User u = accepted(new JsonSchemaUserValidator(ApiVersion.V1_4, true, NOW), text);
        assertEquals(new PasswordDigest(login.get("salt").stringValue(), login.get("sha256").stringValue()), u.passwordDigest());
    }

    @Test
    void acceptsARecordWithoutAnyFieldAnIncOrExcMayLeaveOutButNotWithoutARequiredOne() {
        for (JsonSchemaUserValidator validator : List.of(V13, V14)) {
            for (String field : RandomUserSettings.RECORD_FIELDS) {
                ObjectNode r = single();
                r.remove(field);
                if (RandomUserSettings.REQUIRED_FIELDS.contains(field)) {
                    Validation.Rejected rejected = rejected(validator, r);
                    assertEquals(List.of(new RejectionReason("/" + field, "is required")), rejected.reasons(), field);
                } else {
                    User u = accepted(validator, r);
                    OPTIONAL_PARTS.forEach((name, part) -> {
                        if (name.equals(field)) {
                            assertNull(part.apply(u), field + " left out maps to null");
                        } else {
                            assertNotNull(part.apply(u), name + " is kept when " + field + " is left out");
                        }
                    });
                }
            }
        }
        Set<String> covered = new HashSet<>(OPTIONAL_PARTS.keySet());
        covered.addAll(RandomUserSettings.REQUIRED_FIELDS);
        assertEquals(Set.copyOf(RandomUserSettings.RECORD_FIELDS), covered, "every field is either required or optional");
        ObjectNode noUsername = single();
        ((ObjectNode) noUsername.get("login")).remove("username");
        assertReasons(V14, noUsername, "/login/username");
    }

    @Test
    void rejectsAPartThatIsThereButIncompleteInsteadOfMappingItToNull() {
        Map<String, String> removals = Map.ofEntries(
                Map.entry("/location", "city"),
                Map.entry("/location/street", "number"),
                Map.entry("/location/coordinates", "latitude"),
                Map.entry("/location/timezone", "offset"),
                Map.entry("/dob", "date"),
                Map.entry("/registered", "age"),
                Map.entry("/id", "name"),
                Map.entry("/picture", "thumbnail"));
        removals.forEach((parent, child) -> {
            ObjectNode r = single();
            ((ObjectNode) r.at(parent)).remove(child);
            assertEquals(List.of(new RejectionReason(parent + "/" + child, "is required")), rejected(V14, r).reasons());
        });
        for (String field : List.of("location", "dob", "registered", "id", "picture", "gender", "phone", "cell")) {
            ObjectNode r = single();
            r.putNull(field);
            assertReasons(V14, r, "/" + field);
        }
    }

    @Test
    void rejectsABrokenPartAddedToAnIncSubsetRecordWhileTheSubsetAloneIsAccepted() {
        ObjectNode complete = single();
        ObjectNode r = (ObjectNode) JSON.readTree(records(FixtureRecords.INC_SUBSET).get(0));
        assertNotNull(accepted(V14, r));

        ObjectNode location = (ObjectNode) complete.get("location").deepCopy();
        ((ObjectNode) location.get("coordinates")).put("latitude", "91.0000");
        location.remove("timezone");
        r.set("location", location);
        ObjectNode dob = (ObjectNode) complete.get("dob").deepCopy();
        dob.put("date", "2027-01-01T00:00:00.000Z");
        r.set("dob", dob);
        r.put("phone", 7177663382L);
        r.put("gender", "robot");
        assertReasons(V14, r, "/location/coordinates/latitude", "/location/timezone", "/dob/date", "/phone", "/gender");
    }

    @Test
    void checksARegistrationAgainstTheBirthOnlyWhenBothAreThere() {
        ObjectNode beforeBirth = single();
        ((ObjectNode) beforeBirth.get("registered")).put("date", "1990-01-01T00:00:00.000Z");
        assertReasons(V14, beforeBirth, "/registered/date");
        beforeBirth.remove("dob");
        assertEquals(Instant.parse("1990-01-01T00:00:00.000Z"), accepted(V14, beforeBirth).registeredAt());
    }

    @Test
    void validatesConcurrentlyWithTheSameOutcomeAsSequentially() throws Exception {
        List<String> texts = records("v1.4/seed-fixture-results-500-page-1.json");
        List<String> mutated = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            ObjectNode r = (ObjectNode) JSON.readTree(texts.get(i));
            if (i % 7 == 0) {
                r.put("email", "broken");
            }
            mutated.add(JSON.writeValueAsString(r));
        }
        List<String> sequential = mutated.stream().map(t -> summary(V14.validate(raw(t)))).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (String t : mutated) {
                futures.add(pool.submit(() -> summary(V14.validate(raw(t)))));
            }
            List<String> parallel = new ArrayList<>();
            for (Future<String> f : futures) {
                parallel.add(f.get());
            }
            assertEquals(sequential, parallel);
            assertEquals(mutated.size() / 7 + 1, sequential.stream().filter(s -> s.startsWith("rejected")).count());
        } finally {
            pool.shutdownNow();
        }
    }

    private static String summary(Validation v) {
        return v instanceof Validation.Accepted a ? "accepted " + a.user().uuid()
                : "rejected " + ((Validation.Rejected) v).reasons();
    }

    private static User accepted(JsonSchemaUserValidator validator, JsonNode record) {
        return accepted(validator, JSON.writeValueAsString(record));
    }

    private static User accepted(JsonSchemaUserValidator validator, String text) {
        Validation v = validator.validate(raw(text));
        if (v instanceof Validation.Rejected r) {
            throw new AssertionError("rejected: " + r.reasons());
        }
        return ((Validation.Accepted) v).user();
    }

    private static Validation.Rejected rejected(JsonSchemaUserValidator validator, JsonNode record) {
        return rejected(validator, JSON.writeValueAsString(record));
    }

    private static Validation.Rejected rejected(JsonSchemaUserValidator validator, String text) {
        RawRecord raw = raw(text);
        Validation v = validator.validate(raw);
        assertInstanceOf(Validation.Rejected.class, v, () -> "accepted: " + text);
        Validation.Rejected r = (Validation.Rejected) v;
        assertEquals(raw.origin(), r.record().origin());
        return r;
    }

    /** Asserts the record is rejected with exactly these pointers (in any order) and returns the reasons. */
    private static List<RejectionReason> assertReasons(JsonSchemaUserValidator validator, JsonNode record, String... pointers) {
        Validation.Rejected r = rejected(validator, record);
        assertEquals(Set.of(pointers), new HashSet<>(pointers(r)), () -> "reasons: " + r.reasons());
        r.reasons().forEach(reason -> assertFalse(reason.message().isBlank()));
        return r.reasons().stream().sorted((a, b) -> List.of(pointers).indexOf(a.pointer()) - List.of(pointers).indexOf(b.pointer()))
                .collect(Collectors.toList());
    }

    private static List<String> pointers(Validation.Rejected r) {
        return r.reasons().stream().map(RejectionReason::pointer).toList();
    }
}

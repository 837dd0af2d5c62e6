package io.github.randomuseretl.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.testing.TestUsers;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelInvariantsTest {

    private static String message(Runnable r) {
        return assertThrows(RuntimeException.class, r::run).getMessage();
    }

    @Test
    void coordinatesOffTheGlobeAreRefusedNamingTheField() {
        assertEquals("location.coordinates.latitude must be from -90 to 90, got 90.0001",
                message(() -> new Coordinates(new BigDecimal("90.0001"), BigDecimal.ZERO)));
        assertEquals("location.coordinates.longitude must be from -180 to 180, got -180.5",
                message(() -> new Coordinates(BigDecimal.ZERO, new BigDecimal("-180.5"))));
        new Coordinates(new BigDecimal("-90"), new BigDecimal("180"));
    }

    @Test
    void timeZoneOffsetsMustBeNormalisedAndInRange() {
        new TimeZone("+05:45", "Kathmandu");
        new TimeZone("-12:00", "Eniwetok");
        new TimeZone("+14:00", "Line Islands");
        assertTrue(message(() -> new TimeZone("+5:45", "Kathmandu")).contains("+HH:MM"));
        assertTrue(message(() -> new TimeZone("-12:30", "x")).contains("from -12:00 to +14:00"));
        assertTrue(message(() -> new TimeZone("+14:01", "x")).contains("from -12:00 to +14:00"));
    }

    @Test
    void aUserNeedsALowerCaseEmailWithOneAt() {
        User u = TestUsers.user(1);
        assertEquals("email must be lower case", message(() -> withEmail(u, "Anna@example.com")));
        assertEquals("email must contain one @ and no spaces", message(() -> withEmail(u, "anna.example.com")));
        assertEquals("email must contain one @ and no spaces", message(() -> withEmail(u, "a@b@c")));
    }

    private static User withEmail(User u, String email) {
        return new User(u.uuid(), u.username(), u.name(), u.gender(), email, u.dateOfBirth(), u.registeredAt(),
                u.phone(), u.cell(), u.location(), u.nationalId(), u.pictures(), u.nationality(), u.passwordDigest());
    }

    @Test
    void legoUsersMayHaveNoCountryButOthersNeedANonBlankOne() {
        Location l = TestUsers.user(1).location();
        new Location(l.streetNumber(), l.streetName(), l.city(), l.state(), null, l.postcode(), l.coordinates(), l.timeZone());
        assertEquals("location.country must not be blank", message(() ->
                new Location(l.streetNumber(), l.streetName(), l.city(), l.state(), " ", l.postcode(), l.coordinates(), l.timeZone())));
    }

    @Test
    void aNationalIdMayHaveNoValue() {
        assertEquals(null, new NationalId("", null).value());
    }

    @Test
    void namesMustNotBeBlankButTitlesMayBeEmpty() {
        new PersonName("", "Ali", "Karimi");
        assertEquals("name.first must not be blank", message(() -> new PersonName("Mr", " ", "Karimi")));
    }

    @Test
    void aPasswordDigestNeverPrintsItself() {
        PasswordDigest d = new PasswordDigest("sOiPRZpv", "1534d9642e99315674905f71c50e51025f22fa8973958bd786872891bf67c71c");
        assertFalse(d.toString().contains("1534d9"));
        assertFalse(d.toString().contains("sOiPRZpv"));
    }

    @Test
    void aRawRecordNeverPrintsItsPayload() {
        RawRecord r = TestUsers.raw(3, "{\"login\":{\"password\":\"hunter2\"}}");
        assertFalse(r.toString().contains("hunter2"));
        assertTrue(r.toString().contains("#3"));
    }

    @Test
    void aRejectionNeedsAReasonAndKeepsACopyOfThem() {
        RawRecord r = TestUsers.raw(1, "{}");
        assertThrows(IllegalArgumentException.class, () -> new Validation.Rejected(r, List.of()));
        var reasons = new java.util.ArrayList<>(List.of(new RejectionReason("/email", "bad")));
        Validation.Rejected rejected = new Validation.Rejected(r, reasons);
        reasons.clear();
        assertEquals(1, rejected.reasons().size());
    }

    @Test
    void slotsAreWholeUtcMinutesWrittenLikeTheCliTakesThem() {
        Slot s = Slot.parse("2026-01-01T00:00Z");
        assertEquals("2026-01-01T00:00Z", s.toString());
        assertEquals(Slot.parse("2026-01-01T01:00+01:00"), s);
        assertEquals(s, Slot.containing(Instant.parse("2026-01-01T00:00:59.999Z")));
        assertEquals("2026-01-01T00:01Z", s.next().toString());
        assertTrue(message(() -> Slot.parse("2026-01-01T00:00:30Z")).contains("whole UTC minute"));
        assertTrue(message(() -> Slot.parse("yesterday")).contains("2026-01-01T00:00Z"));
    }

    @Test
    void genderParsesTheApisSpellingOnly() {
        assertEquals(Gender.FEMALE, Gender.fromText("female"));
        assertEquals("male", Gender.fromText("MALE").text());
        assertTrue(message(() -> Gender.fromText("other")).contains("\"other\""));
    }

    @Test
    void aNarrowFetchLoadsWithOnlyIdentityNameEmailAndNationality() {
        User full = TestUsers.user(1);
        User narrow = new User(full.uuid(), full.username(), full.name(), null, full.email(), null, null,
                null, null, null, null, null, "GB", null);
        assertEquals(null, narrow.location());
        assertEquals("login.uuid is required", message(() -> new User(null, full.username(), full.name(), null,
                full.email(), null, null, null, null, null, null, null, "GB", null)));
        assertEquals("email is required", message(() -> new User(full.uuid(), full.username(), full.name(), null,
                null, null, null, null, null, null, null, null, "GB", null)));
    }

    @Test
    void registrationBeforeBirthIsRefused() {
        User u = TestUsers.user(1);
        assertEquals("registered.date must not be before dob.date", message(() -> new User(u.uuid(), u.username(), u.name(),
                u.gender(), u.email(), u.registeredAt(), u.dateOfBirth(), u.phone(), u.cell(), u.location(), u.nationalId(),
                u.pictures(), u.nationality(), null)));
    }
}

package io.github.randomuseretl.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.randomuseretl.core.model.Coordinates;
import io.github.randomuseretl.core.model.Gender;
import io.github.randomuseretl.core.model.Location;
import io.github.randomuseretl.core.model.NationalId;
import io.github.randomuseretl.core.model.PasswordDigest;
import io.github.randomuseretl.core.model.PersonName;
import io.github.randomuseretl.core.model.Pictures;
import io.github.randomuseretl.core.model.TimeZone;
import io.github.randomuseretl.core.model.User;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes a user's COPY line is sent as and the exact row hash, pinned for tricky values (escapes,
 * every UTF-8 length, lone surrogates, decimals, instants of every precision, NULLs): what the sink stores
 * and compares must not change when its encoding is made cheaper. The expected values were produced by the
 * encoder that built each line as a String and sent its UTF-8 bytes.
 */
class UserRowsEncodingTest {

    private static final UUID RUN = UUID.fromString("0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3");

    /** Escapes, 2-, 3- and 4-byte characters, lone surrogates, edge decimals and instants. */
    static User tricky() {
        return new User(UUID.fromString("fedcba98-7654-4321-8fed-cba987654321"), "us\ter\\x\r",
                new PersonName("Dr\\N", "Zoë 😀\n", "中文\u00a0Ünïcödé"), Gender.FEMALE, "a.b@c.d",
                Instant.parse("1969-12-31T23:59:59.999999999Z"), Instant.parse("2020-02-29T00:00:00Z"), "", "\\N",
                new Location(0, "Rue\t\t", "Köln", "", null, "0123", new Coordinates(new BigDecimal("-0.50"), new BigDecimal("1.2E+2")),
                        new TimeZone("+05:30", "lone \ud800x and \udc80 and pair-less \udfff")),
                new NationalId("", null),
                new Pictures(URI.create("https://example.com/a%20b/%C3%A9.jpg"), URI.create("http://x.y/med?q=1&r=\u00e9"),
                        URI.create("https://x.y/thumb")),
                "LEGO", new PasswordDigest("s\\a\tl\nt", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
    }

    /** Instants far from today, sub-millisecond precisions, decimals of other scales. */
    static User distant() {
        return new User(UUID.fromString("00000000-0000-4000-8000-000000000000"), "u",
                new PersonName("", "A", "B"), Gender.MALE, "x@y",
                Instant.parse("0500-06-15T12:00:00.100Z"), Instant.parse("9999-12-31T23:59:59.000001Z"), "1", "2",
                new Location(2147483647, "S", "C", "St", "Country", "", new Coordinates(new BigDecimal("0.000"), new BigDecimal("-180")),
                        new TimeZone("-12:00", "")),
                new NationalId("ID", ""), null, "DE", null);
    }

    /** Instants with seconds zero but a fraction, micro- and nanosecond fractions, before the epoch. */
    static User precise() {
        User u = distant();
        return new User(u.uuid(), u.username(), u.name(), null, u.email(), Instant.parse("1900-01-01T00:00:00.000010Z"),
                Instant.parse("2024-07-01T10:20:00.123456789Z"), null, null,
                new Location(7, "S", "C", "St", "Country", "1", new Coordinates(new BigDecimal("90.0000"), new BigDecimal("12.3400")),
                        new TimeZone("+14:00", "d")),
                null, null, "FR", null);
    }

    static byte[] encoded(UUID run, User u) {
        UserRows.CopyLines lines = new UserRows.CopyLines(run, 16);
        lines.append(u);
        return Arrays.copyOf(lines.bytes(), lines.length());
    }

    private static void assertLine(String expected, User u) {
        byte[] actual = encoded(RUN, u);
        assertEquals(expected, new String(actual, StandardCharsets.UTF_8));
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), actual);
    }

    @Test
    void aTrickyUserIsSentAsTheseExactBytes() {
        assertLine(TRICKY, tricky());
        assertEquals(TRICKY_HASH, HexFormat.of().formatHex(UserRows.hash(tricky())));
    }

    @Test
    void distantInstantsAndOtherScalesAreSentAsTheseExactBytes() {
        assertLine(DISTANT, distant());
        assertEquals(DISTANT_HASH, HexFormat.of().formatHex(UserRows.hash(distant())));
    }

    @Test
    void fractionsOfEveryPrecisionAreSentAsTheseExactBytes() {
        assertLine(PRECISE, precise());
        assertEquals(PRECISE_HASH, HexFormat.of().formatHex(UserRows.hash(precise())));
    }

    @Test
    void aNarrowUserIsSentAsTheseExactBytes() {
        assertLine(NARROW, SampleUsers.narrow(3));
        assertEquals(NARROW_HASH, HexFormat.of().formatHex(UserRows.hash(SampleUsers.narrow(3))));
    }

    private static final String TRICKY = "0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3\tfedcba98-7654-4321-8fed-cba987654321\tus\\ter\\\\x\\r\tDr\\\\N\tZo\u00eb \ud83d\ude00\\n\t\u4e2d\u6587\u00a0\u00dcn\u00efc\u00f6d\u00e9\tfemale\ta.b@c.d\t1969-12-31T23:59:59.999999999Z\t2020-02-29T00:00:00Z\t\t\\\\N\t0\tRue\\t\\t\tK\u00f6ln\t\t\\N\t0123\t-0.50\t120\t+05:30\tlone ?x and ? and pair-less ?\t\t\\N\thttps://example.com/a%20b/%C3%A9.jpg\thttp://x.y/med?q=1&r=\u00e9\thttps://x.y/thumb\tLEGO\ts\\\\a\\tl\\nt\t0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\t\\\\x107e1b235672242796b6ecb09563f566436ce58a158472bc9208ef7745e64045\n";
    private static final String TRICKY_HASH = "107e1b235672242796b6ecb09563f566436ce58a158472bc9208ef7745e64045";
    private static final String DISTANT = "0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3\t00000000-0000-4000-8000-000000000000\tu\t\tA\tB\tmale\tx@y\t0500-06-15T12:00:00.100Z\t9999-12-31T23:59:59.000001Z\t1\t2\t2147483647\tS\tC\tSt\tCountry\t\t0.000\t-180\t-12:00\t\tID\t\t\\N\t\\N\t\\N\tDE\t\\N\t\\N\t\\\\xf5530adc6b1a8a359f3846402256d54f447c59d7851fbafa4284fe158aec4cc8\n";
    private static final String DISTANT_HASH = "f5530adc6b1a8a359f3846402256d54f447c59d7851fbafa4284fe158aec4cc8";
    private static final String PRECISE = "0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3\t00000000-0000-4000-8000-000000000000\tu\t\tA\tB\t\\N\tx@y\t1900-01-01T00:00:00.000010Z\t2024-07-01T10:20:00.123456789Z\t\\N\t\\N\t7\tS\tC\tSt\tCountry\t1\t90.0000\t12.3400\t+14:00\td\t\\N\t\\N\t\\N\t\\N\t\\N\tFR\t\\N\t\\N\t\\\\x08a82e1f442d636db96c51f757702372b76f331b6e4ad2045117a5c0b3e7ac68\n";
    private static final String PRECISE_HASH = "08a82e1f442d636db96c51f757702372b76f331b6e4ad2045117a5c0b3e7ac68";
    private static final String NARROW = "0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3\t5eed0000-0000-4000-8000-000000000003\tuser3\tMs\tAnna3\tM\u00fcller\t\\N\tanna3@example.com\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\tDE\t\\N\t\\N\t\\\\x119bc52935fa953bfa27c36fcf28fb3d878b03ae05c2e225a52607b785a914af\n";
    private static final String NARROW_HASH = "119bc52935fa953bfa27c36fcf28fb3d878b03ae05c2e225a52607b785a914af";
}

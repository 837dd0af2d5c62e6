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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The byte-writing encoder gives exactly the COPY bytes and row hash of the reference: the String-based
 * encoder it replaced (kept here, unchanged), for realistic users and for random ones with escapes,
 * every UTF-8 length, lone surrogates, instants across and beyond years 0 to 9999 and decimals of any
 * scale, many lines in one reused buffer.
 */
class UserRowsDifferentialTest {

    private static final UUID RUN = UUID.fromString("0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3");
    private static final String ALPHABET = "aZ09 .-@\\\t\n\r\"'é߿ࠀ中\uffff\ud83d\ude00\ud800\udc80\udfff";

    @Test
    void realisticUsersEncodeAsTheReferenceDoes() {
        assertSameAsReference(SampleUsers.many(3_000, 7));
    }

    @Test
    void randomTrickyUsersEncodeAsTheReferenceDoes() {
        Random r = new Random(16);
        java.util.List<User> users = new java.util.ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            users.add(random(r));
        }
        assertSameAsReference(users);
    }

    private static void assertSameAsReference(java.util.List<User> users) {
        UserRows.CopyLines lines = new UserRows.CopyLines(RUN, 16);
        StringBuilder reference = new StringBuilder();
        for (User u : users) {
            int before = lines.length();
            lines.append(u);
            String line = Reference.line(RUN, u);
            byte[] expected = line.getBytes(StandardCharsets.UTF_8);
            byte[] actual = Arrays.copyOfRange(lines.bytes(), before, lines.length());
            int at = Arrays.mismatch(expected, actual);
            assertEquals(-1, at, () -> "differs at byte " + at + ": expected " + escaped(expected, at) + ", got " + escaped(actual, at));
            assertArrayEquals(Reference.hash(u), UserRows.hash(u), u.toString());
            reference.append(line);
        }
        assertArrayEquals(reference.toString().getBytes(StandardCharsets.UTF_8), Arrays.copyOf(lines.bytes(), lines.length()));
    }

    /** The bytes around {@code at}, printable (the report cannot show lone surrogates and control characters). */
    private static String escaped(byte[] b, int at) {
        StringBuilder out = new StringBuilder();
        for (int i = Math.max(0, at - 20); i < Math.min(b.length, at + 20); i++) {
            out.append(b[i] >= 0x20 && b[i] < 0x7f ? String.valueOf((char) b[i]) : String.format("<%02x>", b[i] & 0xFF));
        }
        return out.toString();
    }

    private static User random(Random r) {
        long a = instant(r);
        long b = instant(r);
        Instant dob = r.nextInt(10) == 0 ? null : at(Math.min(a, b), r);
        Instant registered = r.nextInt(10) == 0 ? null : at(Math.max(a, b), r);
        if (dob != null && registered != null && registered.isBefore(dob)) {
            registered = dob;
        }
        Location l = r.nextInt(5) == 0 ? null : new Location(r.nextInt(5) == 0 ? Integer.MAX_VALUE : r.nextInt(100_000), text(r, 1),
                text(r, 1), text(r, 0), r.nextBoolean() ? null : text(r, 1), Integer.toString(r.nextInt(99999)),
                new Coordinates(decimal(r, 90), decimal(r, 180)), new TimeZone(r.nextBoolean() ? "+05:45" : "-03:00", text(r, 0)));
        return new User(new UUID(r.nextLong(), r.nextLong()), text(r, 1), new PersonName(text(r, 0), text(r, 1), text(r, 1)),
                r.nextInt(3) == 0 ? null : r.nextBoolean() ? Gender.FEMALE : Gender.MALE, "u" + r.nextInt(1000) + "@x.y", dob, registered,
                r.nextBoolean() ? null : text(r, 0), r.nextBoolean() ? null : text(r, 0), l,
                r.nextInt(4) == 0 ? null : new NationalId(text(r, 0), r.nextBoolean() ? null : text(r, 0)),
                r.nextInt(4) == 0 ? null : new Pictures(URI.create("https://x.y/" + r.nextInt(100) + ".jpg"),
                        URI.create("https://x.y/m%C3%A9d/" + r.nextInt(100)), URI.create("http://x.y/t?q=" + r.nextInt(100))),
                r.nextBoolean() ? "DE" : "LEGO",
                r.nextInt(3) == 0 ? new PasswordDigest(text(r, 0), HexFormat.of().formatHex(new byte[32]).replace('0', "0123456789abcdef".charAt(r.nextInt(16)))) : null);
    }

    /** Epoch seconds: mostly the usual range, some before year 0 or after 9999, some on the edges. */
    private static long instant(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> -62_167_219_200L + r.nextInt(3) - 1;
            case 1 -> 253_402_300_799L + r.nextInt(3) - 1;
            case 2 -> (r.nextLong() % 400_000_000_000L);
            case 3 -> r.nextInt(3) * 86_400L - 86_400L;
            default -> -3_000_000_000L + (long) (r.nextDouble() * 6_000_000_000L);
        };
    }

    private static Instant at(long second, Random r) {
        int nano = switch (r.nextInt(5)) {
            case 0 -> 0;
            case 1 -> r.nextInt(1000) * 1_000_000;
            case 2 -> r.nextInt(1_000_000) * 1_000;
            default -> r.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(second, nano);
    }

    private static BigDecimal decimal(Random r, int max) {
        BigDecimal d = BigDecimal.valueOf(r.nextInt(2 * max * 1000 + 1) - max * 1000L, 3);
        return switch (r.nextInt(4)) {
            case 0 -> d.setScale(3 + r.nextInt(6));
            case 1 -> d.stripTrailingZeros();
            case 2 -> BigDecimal.ZERO.setScale(r.nextInt(6));
            default -> d.setScale(3 + r.nextInt(5));
        };
    }

    private static String text(Random r, int min) {
        int n = min + r.nextInt(12);
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        String s = b.toString();
        return min > 0 && s.isBlank() ? s + "x" : s;
    }

    /** The encoder as it was: each line a String, its UTF-8 bytes sent; each hash field a String's bytes. */
    private static final class Reference {

        static String line(UUID runId, User u) {
            StringBuilder out = new StringBuilder();
            out.append(runId).append('\t').append(u.uuid());
            for (String v : columns(u)) {
                text(out, v);
            }
            out.append("\t\\\\x").append(HexFormat.of().formatHex(hash(u))).append('\n');
            return out.toString();
        }

        /** The text columns from username to password_sha256, decimals and instants as the COPY line writes them. */
        private static String[] columns(User u) {
            Location l = u.location();
            NationalId id = u.nationalId();
            Pictures p = u.pictures();
            PasswordDigest d = u.passwordDigest();
            return new String[] {u.username(), u.name().title(), u.name().first(), u.name().last(),
                u.gender() == null ? null : u.gender().text(), u.email(),
                u.dateOfBirth() == null ? null : u.dateOfBirth().toString(), u.registeredAt() == null ? null : u.registeredAt().toString(),
                u.phone(), u.cell(), l == null ? null : Integer.toString(l.streetNumber()), l == null ? null : l.streetName(),
                l == null ? null : l.city(), l == null ? null : l.state(), l == null ? null : l.country(), l == null ? null : l.postcode(),
                l == null ? null : l.coordinates().latitude().toPlainString(), l == null ? null : l.coordinates().longitude().toPlainString(),
                l == null ? null : l.timeZone().offset(), l == null ? null : l.timeZone().description(),
                id == null ? null : id.name(), id == null ? null : id.value(),
                p == null ? null : p.large().toString(), p == null ? null : p.medium().toString(), p == null ? null : p.thumbnail().toString(),
                u.nationality(), d == null ? null : d.salt(), d == null ? null : d.sha256()};
        }

        static byte[] hash(User u) {
            try {
                Location l = u.location();
                NationalId id = u.nationalId();
                Pictures p = u.pictures();
                PasswordDigest d = u.passwordDigest();
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                md.update("user-row-v1".getBytes(StandardCharsets.UTF_8));
                String[] fields = {u.uuid().toString(), u.username(), u.name().title(), u.name().first(), u.name().last(),
                    u.gender() == null ? null : u.gender().text(), u.email(), instant(u.dateOfBirth()), instant(u.registeredAt()),
                    u.phone(), u.cell(), l == null ? null : Integer.toString(l.streetNumber()), l == null ? null : l.streetName(),
                    l == null ? null : l.city(), l == null ? null : l.state(), l == null ? null : l.country(),
                    l == null ? null : l.postcode(), l == null ? null : decimal(l.coordinates().latitude()),
                    l == null ? null : decimal(l.coordinates().longitude()), l == null ? null : l.timeZone().offset(),
                    l == null ? null : l.timeZone().description(), id == null ? null : id.name(), id == null ? null : id.value(),
                    p == null ? null : p.large().toString(), p == null ? null : p.medium().toString(),
                    p == null ? null : p.thumbnail().toString(), u.nationality(), d == null ? null : d.salt(), d == null ? null : d.sha256()};
                for (String value : fields) {
                    if (value == null) {
                        md.update((byte) 0);
                        continue;
                    }
                    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                    md.update((byte) 1);
                    md.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                    md.update(bytes);
                }
                return md.digest();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private static void text(StringBuilder out, String value) {
            out.append('\t');
            if (value == null) {
                out.append("\\N");
                return;
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '\\' -> out.append("\\\\");
                    case '\t' -> out.append("\\t");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    default -> out.append(c);
                }
            }
        }

        private static String instant(Instant i) {
            return i == null ? null : i.getEpochSecond() + "." + i.getNano();
        }

        private static String decimal(BigDecimal d) {
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        }
    }
}

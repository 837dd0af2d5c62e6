package io.github.randomuseretl.adapter.postgres;

import io.github.randomuseretl.core.model.Gender;
import io.github.randomuseretl.core.model.Location;
import io.github.randomuseretl.core.model.NationalId;
import io.github.randomuseretl.core.model.PasswordDigest;
import io.github.randomuseretl.core.model.Pictures;
import io.github.randomuseretl.core.model.User;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * How a {@link User} becomes a row: its hash, its COPY line and its batch-insert parameters.
 *
 * <p>The COPY line is written as UTF-8 bytes straight into a reused buffer ({@link CopyLines}), with no
 * String per row and none per field but the two instants' text: a load used to allocate about 6 KB of
 * garbage per user here (the line as a String, then as bytes, each field's bytes for the hash, a digest
 * engine, uuids as text; JFR, macro benchmark), which made the young generation, and with it the process, grow. The bytes are
 * those {@code String.getBytes(UTF_8)} gave for the line as text: a lone surrogate becomes {@code ?}, as
 * it did (UserRowsEncodingTest pins the bytes of tricky rows, UserRowsDifferentialTest holds random ones
 * equal to the String encoder it replaced).
 */
final class UserRows {

    /** The staging table's columns, in COPY order. */
    static final String STAGE_COLUMNS = "run_id, uuid, username, title, first_name, last_name, gender, email, date_of_birth, "
            + "registered_at, phone, cell, street_number, street_name, city, state, country, postcode, latitude, longitude, "
            + "tz_offset, tz_description, national_id_name, national_id_value, picture_large, picture_medium, picture_thumbnail, "
            + "nationality, password_salt, password_sha256, row_hash";

    private static final byte[] HASH_VERSION = "user-row-v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** {@link Gender#text()} builds a new String at each call; the column takes the same text, made once. */
    private static final String[] GENDER_TEXT = Arrays.stream(Gender.values()).map(Gender::text).toArray(String[]::new);

    private UserRows() {
    }

    /**
     * A stable SHA-256 of every mapped attribute: the same user gives the same hash in any process, and
     * any change of any attribute gives another. Fields are length-prefixed so no two users collide
     * by shifting text between fields; decimals are compared by value ({@code 1.50} = {@code 1.5}).
     *
     * <p>The hash is taken over the stored columns, so it is equal exactly when the stored rows are
     * equal. A part the source left out (a {@code null} gender, location, ...) hashes as NULL columns,
     * which differ from every present value, the empty string included; a user with every part keeps
     * the hash it had before parts could be left out.
     *
     * @param u a user
     * @return 32 bytes
     */
    static byte[] hash(User u) {
        byte[] out = new byte[32];
        new Hasher().hash(Columns.of(u), out, 0);
        return out;
    }

    /**
     * @param u a user
     * @return the first field of {@code u} PostgreSQL cannot store as text (it holds U+0000), or null
     */
    static String fieldWithNul(User u) {
        return fieldWithNul(Columns.of(u));
    }

    /** @return the first field of {@code c} PostgreSQL cannot store as text (it holds U+0000), or null */
    static String fieldWithNul(Columns c) {
        // Checked one after another rather than from a table: a table was built for every user.
        return nul(c.username) ? "login.username"
                : nul(c.title) ? "name.title"
                : nul(c.firstName) ? "name.first"
                : nul(c.lastName) ? "name.last"
                : nul(c.email) ? "email"
                : nul(c.phone) ? "phone"
                : nul(c.cell) ? "cell"
                : nul(c.streetName) ? "location.street.name"
                : nul(c.city) ? "location.city"
                : nul(c.state) ? "location.state"
                : nul(c.country) ? "location.country"
                : nul(c.postcode) ? "location.postcode"
                : nul(c.tzDescription) ? "location.timezone.description"
                : nul(c.nationalIdName) ? "id.name"
                : nul(c.nationalIdValue) ? "id.value"
                : nul(c.nationality) ? "nat"
                : nul(c.pictureLarge) ? "picture.large"
                : nul(c.pictureMedium) ? "picture.medium"
                : nul(c.pictureThumbnail) ? "picture.thumbnail"
                : nul(c.passwordSalt) ? "login.salt"
                : null;
    }

    private static boolean nul(String s) {
        return s != null && s.indexOf('\0') >= 0;
    }

    /**
     * One staging row as batch parameters; JDBI binds its accessors by name. A part the source left
     * out leaves its columns null; {@code streetNumber} is boxed for that reason.
     */
    public record StageRow(UUID runId, UUID uuid, String username, String title, String firstName, String lastName, String gender,
            String email, Instant dateOfBirth, Instant registeredAt, String phone, String cell, Integer streetNumber,
            String streetName, String city, String state, String country, String postcode, BigDecimal latitude,
            BigDecimal longitude, String tzOffset, String tzDescription, String nationalIdName, String nationalIdValue,
            String pictureLarge, String pictureMedium, String pictureThumbnail, String nationality, String passwordSalt,
            String passwordSha256, byte[] rowHash) {

        static StageRow of(UUID runId, User u) {
            Columns c = Columns.of(u);
            byte[] hash = new byte[32];
            new Hasher().hash(c, hash, 0);
            return new StageRow(runId, c.uuid, c.username, c.title, c.firstName, c.lastName, c.gender, c.email,
                    c.dateOfBirth, c.registeredAt, c.phone, c.cell, c.streetNumber, c.streetName, c.city, c.state,
                    c.country, c.postcode, c.latitude, c.longitude, c.tzOffset, c.tzDescription, c.nationalIdName,
                    c.nationalIdValue, c.pictureLarge, c.pictureMedium, c.pictureThumbnail, c.nationality,
                    c.passwordSalt, c.passwordSha256, hash);
        }
    }

    /**
     * A user flattened into the row's attribute columns, the one place that decides which column is
     * NULL: a left-out part ({@code gender}, {@code location}, {@code nationalId}, {@code pictures},
     * ...) nulls all of its columns, which the schema's CHECKs accept only as a whole.
     */
    static final class Columns {
        final UUID uuid;
        final String username;
        final String title;
        final String firstName;
        final String lastName;
        final String gender;
        final String email;
        final Instant dateOfBirth;
        final Instant registeredAt;
        final String phone;
        final String cell;
        final Integer streetNumber;
        final String streetName;
        final String city;
        final String state;
        final String country;
        final String postcode;
        final BigDecimal latitude;
        final BigDecimal longitude;
        /** {@link BigDecimal#toPlainString()} of each, made once: the COPY line and the hash both read it. */
        final String latitudeText;
        final String longitudeText;
        final String tzOffset;
        final String tzDescription;
        final String nationalIdName;
        final String nationalIdValue;
        final String pictureLarge;
        final String pictureMedium;
        final String pictureThumbnail;
        final String nationality;
        final String passwordSalt;
        final String passwordSha256;

        private Columns(User u) {
            uuid = u.uuid();
            username = u.username();
            title = u.name().title();
            firstName = u.name().first();
            lastName = u.name().last();
            gender = u.gender() == null ? null : GENDER_TEXT[u.gender().ordinal()];
            email = u.email();
            dateOfBirth = u.dateOfBirth();
            registeredAt = u.registeredAt();
            phone = u.phone();
            cell = u.cell();
            Location l = u.location();
            streetNumber = l == null ? null : l.streetNumber();
            streetName = l == null ? null : l.streetName();
            city = l == null ? null : l.city();
            state = l == null ? null : l.state();
            country = l == null ? null : l.country();
            postcode = l == null ? null : l.postcode();
            latitude = l == null ? null : l.coordinates().latitude();
            longitude = l == null ? null : l.coordinates().longitude();
            latitudeText = latitude == null ? null : latitude.toPlainString();
            longitudeText = longitude == null ? null : longitude.toPlainString();
            tzOffset = l == null ? null : l.timeZone().offset();
            tzDescription = l == null ? null : l.timeZone().description();
            NationalId id = u.nationalId();
            nationalIdName = id == null ? null : id.name();
            nationalIdValue = id == null ? null : id.value();
            Pictures p = u.pictures();
            pictureLarge = p == null ? null : p.large().toString();
            pictureMedium = p == null ? null : p.medium().toString();
            pictureThumbnail = p == null ? null : p.thumbnail().toString();
            nationality = u.nationality();
            PasswordDigest d = u.passwordDigest();
            passwordSalt = d == null ? null : d.salt();
            passwordSha256 = d == null ? null : d.sha256();
        }

        static Columns of(User u) {
            return new Columns(u);
        }
    }

    /**
     * Computes row hashes with one digest engine and one scratch buffer, reused from user to user (the
     * engine was looked up, and each field's bytes and length prefix allocated, for every user). Not
     * thread-safe.
     */
    static final class Hasher {
        private final MessageDigest md = sha256();
        private byte[] scratch = new byte[128];

        /** Writes the hash of {@code c} (32 bytes) into {@code out} at {@code at}. */
        void hash(Columns c, byte[] out, int at) {
            md.update(HASH_VERSION);
            uuidField(c.uuid);
            field(c.username);
            field(c.title);
            field(c.firstName);
            field(c.lastName);
            field(c.gender);
            field(c.email);
            instantField(c.dateOfBirth);
            instantField(c.registeredAt);
            field(c.phone);
            field(c.cell);
            if (c.streetNumber == null) {
                md.update((byte) 0);
            } else {
                asciiField(writeLong(scratch(24), 4, c.streetNumber));
            }
            field(c.streetName);
            field(c.city);
            field(c.state);
            field(c.country);
            field(c.postcode);
            decimalField(c.latitude, c.latitudeText);
            decimalField(c.longitude, c.longitudeText);
            field(c.tzOffset);
            field(c.tzDescription);
            field(c.nationalIdName);
            field(c.nationalIdValue);
            field(c.pictureLarge);
            field(c.pictureMedium);
            field(c.pictureThumbnail);
            field(c.nationality);
            field(c.passwordSalt);
            field(c.passwordSha256);
            try {
                md.digest(out, at, 32);
            } catch (DigestException e) {
                throw new IllegalStateException("SHA-256 writes 32 bytes", e);
            }
        }

        /** A field as its UTF-8 bytes, after a present marker and their length (a NULL is one 0 byte). */
        private void field(String value) {
            if (value == null) {
                md.update((byte) 0);
                return;
            }
            byte[] s = scratch(4 + 3 * value.length());
            asciiField(utf8(value, s, 4, false));
        }

        private void uuidField(UUID uuid) {
            asciiField(writeUuid(scratch(40), 4, uuid));
        }

        /** An instant as epoch second, '.', nanosecond (e.g. {@code -1.999999999}). */
        private void instantField(Instant i) {
            if (i == null) {
                md.update((byte) 0);
                return;
            }
            byte[] s = scratch(48);
            int p = writeLong(s, 4, i.getEpochSecond());
            s[p++] = '.';
            asciiField(writeLong(s, p, i.getNano()));
        }

        /** A decimal by value ({@code plain} is its plain text): without trailing fractional zeros, {@code 0} for zero. */
        private void decimalField(BigDecimal d, String plain) {
            if (d == null) {
                md.update((byte) 0);
                return;
            }
            if (d.signum() == 0) {
                byte[] s = scratch(5);
                s[4] = '0';
                asciiField(5);
                return;
            }
            // The plain text of stripTrailingZeros(), without building that BigDecimal: the same digits
            // with the fraction's trailing zeros (and then a bare point) cut.
            int end = plain.length();
            if (plain.indexOf('.') >= 0) {
                while (plain.charAt(end - 1) == '0') {
                    end--;
                }
                if (plain.charAt(end - 1) == '.') {
                    end--;
                }
            }
            byte[] s = scratch(4 + end);
            for (int k = 0; k < end; k++) {
                s[4 + k] = (byte) plain.charAt(k);
            }
            asciiField(4 + end);
        }

        /** Hashes the field whose bytes are in {@code scratch[4, end)}: the marker, the length, the bytes. */
        private void asciiField(int end) {
            int n = end - 4;
            byte[] s = scratch;
            md.update((byte) 1);
            s[0] = (byte) (n >>> 24);
            s[1] = (byte) (n >>> 16);
            s[2] = (byte) (n >>> 8);
            s[3] = (byte) n;
            md.update(s, 0, end);
        }

        private byte[] scratch(int size) {
            if (scratch.length < size) {
                scratch = new byte[Math.max(size, scratch.length * 2)];
            }
            return scratch;
        }
    }

    /**
     * COPY text lines (tab-separated, {@code \N} for NULL, backslash escapes), written as UTF-8 into
     * one buffer that is sent and reused: one per load. Not thread-safe.
     */
    static final class CopyLines {
        /** The run id as it starts every line, written once. */
        private final byte[] runIdText;
        private final Hasher hasher = new Hasher();
        private byte[] buf;
        private int len;

        /**
         * @param runId    the run the rows are staged for
         * @param capacity the bytes the buffer starts with
         */
        CopyLines(UUID runId, int capacity) {
            this.runIdText = new byte[36];
            writeUuid(runIdText, 0, runId);
            this.buf = new byte[Math.max(capacity, 256)];
        }

        /** @return the buffer; its first {@link #length()} bytes are the lines */
        byte[] bytes() {
            return buf;
        }

        /** @return the bytes written since the last {@link #clear()} */
        int length() {
            return len;
        }

        void clear() {
            len = 0;
        }

        /** Appends the user's line. */
        void append(User u) {
            append(Columns.of(u));
        }

        /** Appends the line of a user's columns. */
        void append(Columns c) {
            ensure(36 + 1 + 36);
            System.arraycopy(runIdText, 0, buf, len, 36);
            len += 36;
            buf[len++] = '\t';
            len = writeUuid(buf, len, c.uuid);
            text(c.username);
            text(c.title);
            text(c.firstName);
            text(c.lastName);
            text(c.gender);
            text(c.email);
            instant(c.dateOfBirth);
            instant(c.registeredAt);
            text(c.phone);
            text(c.cell);
            if (c.streetNumber == null) {
                nullColumn();
            } else {
                ensure(1 + 20);
                buf[len++] = '\t';
                len = writeLong(buf, len, c.streetNumber);
            }
            text(c.streetName);
            text(c.city);
            text(c.state);
            text(c.country);
            text(c.postcode);
            text(c.latitudeText);
            text(c.longitudeText);
            text(c.tzOffset);
            text(c.tzDescription);
            text(c.nationalIdName);
            text(c.nationalIdValue);
            text(c.pictureLarge);
            text(c.pictureMedium);
            text(c.pictureThumbnail);
            text(c.nationality);
            text(c.passwordSalt);
            text(c.passwordSha256);
            // bytea in hex form; the backslash itself is escaped for COPY.
            ensure(5 + 64 + 1 + 32);
            byte[] b = buf;
            int p = len;
            b[p++] = '\t';
            b[p++] = '\\';
            b[p++] = '\\';
            b[p++] = 'x';
            // The digest goes past the hex it becomes (which overwrites it), so no array is made for it.
            int at = p + 64 + 1;
            hasher.hash(c, b, at);
            for (int k = 0; k < 32; k++) {
                int v = b[at + k] & 0xFF;
                b[p++] = HEX_DIGITS[v >>> 4];
                b[p++] = HEX_DIGITS[v & 0x0F];
            }
            b[p++] = '\n';
            len = p;
        }

        private void nullColumn() {
            ensure(3);
            buf[len++] = '\t';
            buf[len++] = '\\';
            buf[len++] = 'N';
        }

        private void text(String value) {
            if (value == null) {
                nullColumn();
                return;
            }
            ensure(1 + 3 * value.length());
            buf[len++] = '\t';
            len = utf8(value, buf, len, true);
        }

        /** As {@link Instant#toString()} writes it (two a user: not worth a formatter of its own). */
        private void instant(Instant i) {
            text(i == null ? null : i.toString());
        }

        private void ensure(int more) {
            if (len + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(len + more, buf.length * 2));
            }
        }
    }

    /**
     * Writes {@code s} as UTF-8 at {@code p}, as {@code String.getBytes(UTF_8)} does (a lone surrogate
     * as {@code ?}); with {@code copyEscapes}, backslash, tab, newline and carriage return as COPY's
     * escapes. {@code b} must have room for 3 bytes per char.
     *
     * @return the position after the last byte written
     */
    static int utf8(String s, byte[] b, int p, boolean copyEscapes) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) {
                if (copyEscapes && (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r')) {
                    b[p++] = '\\';
                    b[p++] = (byte) (ch == '\\' ? '\\' : ch == '\t' ? 't' : ch == '\n' ? 'n' : 'r');
                } else {
                    b[p++] = (byte) ch;
                }
            } else if (ch < 0x800) {
                b[p++] = (byte) (0xC0 | (ch >> 6));
                b[p++] = (byte) (0x80 | (ch & 0x3F));
            } else if (Character.isSurrogate(ch)) {
                char low;
                if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(low = s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(ch, low);
                    i++;
                    b[p++] = (byte) (0xF0 | (cp >> 18));
                    b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    b[p++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    b[p++] = '?';
                }
            } else {
                b[p++] = (byte) (0xE0 | (ch >> 12));
                b[p++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (ch & 0x3F));
            }
        }
        return p;
    }

    /** Writes a uuid as {@link UUID#toString()} does (36 characters, lower-case hex) at {@code p}. */
    static int writeUuid(byte[] b, int p, UUID u) {
        long msb = u.getMostSignificantBits();
        long lsb = u.getLeastSignificantBits();
        p = hex(b, p, msb >>> 32, 8);
        b[p++] = '-';
        p = hex(b, p, msb >>> 16, 4);
        b[p++] = '-';
        p = hex(b, p, msb, 4);
        b[p++] = '-';
        p = hex(b, p, lsb >>> 48, 4);
        b[p++] = '-';
        return hex(b, p, lsb, 12);
    }

    private static int hex(byte[] b, int p, long v, int digits) {
        for (int k = digits - 1; k >= 0; k--) {
            b[p + k] = HEX_DIGITS[(int) (v & 0xF)];
            v >>>= 4;
        }
        return p + digits;
    }

    /** Writes {@code v} in decimal as {@link Long#toString(long)} does at {@code p}. */
    static int writeLong(byte[] b, int p, long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                byte[] min = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(min, 0, b, p, min.length);
                return p + min.length;
            }
            b[p++] = '-';
            v = -v;
        }
        int n = 1;
        for (long t = v; t >= 10; t /= 10) {
            n++;
        }
        return digits(b, p, v, n);
    }

    /** Writes the last {@code n} decimal digits of {@code v} (non-negative), zero-padded. */
    private static int digits(byte[] b, int p, long v, int n) {
        for (int k = n - 1; k >= 0; k--) {
            b[p + k] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        return p + n;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

package io.github.randomuseretl.adapter.postgres;

import io.github.randomuseretl.core.model.Location;
import io.github.randomuseretl.core.model.NationalId;
import io.github.randomuseretl.core.model.PasswordDigest;
import io.github.randomuseretl.core.model.Pictures;
import io.github.randomuseretl.core.model.User;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/** How a {@link User} becomes a row: its hash, its COPY line and its batch-insert parameters. */
final class UserRows {

    /** The staging table's columns, in COPY order. */
    static final String STAGE_COLUMNS = "run_id, uuid, username, title, first_name, last_name, gender, email, date_of_birth, "
            + "registered_at, phone, cell, street_number, street_name, city, state, country, postcode, latitude, longitude, "
            + "tz_offset, tz_description, national_id_name, national_id_value, picture_large, picture_medium, picture_thumbnail, "
            + "nationality, password_salt, password_sha256, row_hash";

    private static final byte[] HASH_VERSION = "user-row-v1".getBytes(StandardCharsets.UTF_8);
    private static final HexFormat HEX = HexFormat.of();

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
        return hash(Columns.of(u));
    }

    private static byte[] hash(Columns c) {
        MessageDigest md = sha256();
        md.update(HASH_VERSION);
        field(md, c.uuid.toString());
        field(md, c.username);
        field(md, c.title);
        field(md, c.firstName);
        field(md, c.lastName);
        field(md, c.gender);
        field(md, c.email);
        field(md, instant(c.dateOfBirth));
        field(md, instant(c.registeredAt));
        field(md, c.phone);
        field(md, c.cell);
        field(md, c.streetNumber == null ? null : c.streetNumber.toString());
        field(md, c.streetName);
        field(md, c.city);
        field(md, c.state);
        field(md, c.country);
        field(md, c.postcode);
        field(md, decimal(c.latitude));
        field(md, decimal(c.longitude));
        field(md, c.tzOffset);
        field(md, c.tzDescription);
        field(md, c.nationalIdName);
        field(md, c.nationalIdValue);
        field(md, c.pictureLarge);
        field(md, c.pictureMedium);
        field(md, c.pictureThumbnail);
        field(md, c.nationality);
        field(md, c.passwordSalt);
        field(md, c.passwordSha256);
        return md.digest();
    }

    /**
     * Appends one line of COPY text format (tab-separated, {@code \N} for NULL, backslash escapes).
     *
     * @param out   where to append
     * @param runId the run the row is staged for
     * @param u     the user
     */
    static void appendCopyLine(StringBuilder out, UUID runId, User u) {
        Columns c = Columns.of(u);
        out.append(runId).append('\t').append(c.uuid);
        text(out, c.username);
        text(out, c.title);
        text(out, c.firstName);
        text(out, c.lastName);
        text(out, c.gender);
        text(out, c.email);
        text(out, c.dateOfBirth == null ? null : c.dateOfBirth.toString());
        text(out, c.registeredAt == null ? null : c.registeredAt.toString());
        text(out, c.phone);
        text(out, c.cell);
        text(out, c.streetNumber == null ? null : c.streetNumber.toString());
        text(out, c.streetName);
        text(out, c.city);
        text(out, c.state);
        text(out, c.country);
        text(out, c.postcode);
        text(out, c.latitude == null ? null : c.latitude.toPlainString());
        text(out, c.longitude == null ? null : c.longitude.toPlainString());
        text(out, c.tzOffset);
        text(out, c.tzDescription);
        text(out, c.nationalIdName);
        text(out, c.nationalIdValue);
        text(out, c.pictureLarge);
        text(out, c.pictureMedium);
        text(out, c.pictureThumbnail);
        text(out, c.nationality);
        text(out, c.passwordSalt);
        text(out, c.passwordSha256);
        // bytea in hex form; the backslash itself is escaped for COPY.
        out.append("\t\\\\x").append(HEX.formatHex(hash(c))).append('\n');
    }

    /**
     * @param u a user
     * @return the first field of {@code u} PostgreSQL cannot store as text (it holds U+0000), or null
     */
    static String fieldWithNul(User u) {
        Columns c = Columns.of(u);
        String[][] fields = {
            {"login.username", c.username}, {"name.title", c.title}, {"name.first", c.firstName},
            {"name.last", c.lastName}, {"email", c.email}, {"phone", c.phone}, {"cell", c.cell},
            {"location.street.name", c.streetName}, {"location.city", c.city},
            {"location.state", c.state}, {"location.country", c.country},
            {"location.postcode", c.postcode}, {"location.timezone.description", c.tzDescription},
            {"id.name", c.nationalIdName}, {"id.value", c.nationalIdValue}, {"nat", c.nationality},
            {"picture.large", c.pictureLarge}, {"picture.medium", c.pictureMedium}, {"picture.thumbnail", c.pictureThumbnail},
            {"login.salt", c.passwordSalt},
        };
        for (String[] f : fields) {
            if (f[1] != null && f[1].indexOf('\0') >= 0) {
                return f[0];
            }
        }
        return null;
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
            return new StageRow(runId, c.uuid, c.username, c.title, c.firstName, c.lastName, c.gender, c.email,
                    c.dateOfBirth, c.registeredAt, c.phone, c.cell, c.streetNumber, c.streetName, c.city, c.state,
                    c.country, c.postcode, c.latitude, c.longitude, c.tzOffset, c.tzDescription, c.nationalIdName,
                    c.nationalIdValue, c.pictureLarge, c.pictureMedium, c.pictureThumbnail, c.nationality,
                    c.passwordSalt, c.passwordSha256, hash(c));
        }
    }

    /**
     * A user flattened into the row's attribute columns, the one place that decides which column is
     * NULL: a left-out part ({@code gender}, {@code location}, {@code nationalId}, {@code pictures},
     * ...) nulls all of its columns, which the schema's CHECKs accept only as a whole.
     */
    private static final class Columns {
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
            gender = u.gender() == null ? null : u.gender().text();
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

    private static void field(MessageDigest md, String value) {
        if (value == null) {
            md.update((byte) 0);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        md.update((byte) 1);
        md.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        md.update(bytes);
    }

    private static String instant(Instant i) {
        return i == null ? null : i.getEpochSecond() + "." + i.getNano();
    }

    private static String decimal(BigDecimal d) {
        if (d == null) {
            return null;
        }
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

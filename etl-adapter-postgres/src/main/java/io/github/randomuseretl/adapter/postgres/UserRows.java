package io.github.randomuseretl.adapter.postgres;

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
     * @param u a user
     * @return 32 bytes
     */
    static byte[] hash(User u) {
        MessageDigest md = sha256();
        md.update(HASH_VERSION);
        field(md, u.uuid().toString());
        field(md, u.username());
        field(md, u.name().title());
        field(md, u.name().first());
        field(md, u.name().last());
        field(md, u.gender().text());
        field(md, u.email());
        field(md, instant(u.dateOfBirth()));
        field(md, instant(u.registeredAt()));
        field(md, u.phone());
        field(md, u.cell());
        field(md, Integer.toString(u.location().streetNumber()));
        field(md, u.location().streetName());
        field(md, u.location().city());
        field(md, u.location().state());
        field(md, u.location().country());
        field(md, u.location().postcode());
        field(md, decimal(u.location().coordinates().latitude()));
        field(md, decimal(u.location().coordinates().longitude()));
        field(md, u.location().timeZone().offset());
        field(md, u.location().timeZone().description());
        field(md, u.nationalId().name());
        field(md, u.nationalId().value());
        field(md, u.pictures().large().toString());
        field(md, u.pictures().medium().toString());
        field(md, u.pictures().thumbnail().toString());
        field(md, u.nationality());
        field(md, u.passwordDigest() == null ? null : u.passwordDigest().salt());
        field(md, u.passwordDigest() == null ? null : u.passwordDigest().sha256());
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
        out.append(runId).append('\t').append(u.uuid());
        text(out, u.username());
        text(out, u.name().title());
        text(out, u.name().first());
        text(out, u.name().last());
        text(out, u.gender().text());
        text(out, u.email());
        text(out, u.dateOfBirth().toString());
        text(out, u.registeredAt().toString());
        text(out, u.phone());
        text(out, u.cell());
        out.append('\t').append(u.location().streetNumber());
        text(out, u.location().streetName());
        text(out, u.location().city());
        text(out, u.location().state());
        text(out, u.location().country());
        text(out, u.location().postcode());
        text(out, u.location().coordinates().latitude().toPlainString());
        text(out, u.location().coordinates().longitude().toPlainString());
        text(out, u.location().timeZone().offset());
        text(out, u.location().timeZone().description());
        text(out, u.nationalId().name());
        text(out, u.nationalId().value());
        text(out, u.pictures().large().toString());
        text(out, u.pictures().medium().toString());
        text(out, u.pictures().thumbnail().toString());
        text(out, u.nationality());
        text(out, u.passwordDigest() == null ? null : u.passwordDigest().salt());
        text(out, u.passwordDigest() == null ? null : u.passwordDigest().sha256());
        // bytea in hex form; the backslash itself is escaped for COPY.
        out.append("\t\\\\x").append(HEX.formatHex(hash(u))).append('\n');
    }

    /**
     * @param u a user
     * @return the first field of {@code u} PostgreSQL cannot store as text (it holds U+0000), or null
     */
    static String fieldWithNul(User u) {
        String[][] fields = {
            {"login.username", u.username()}, {"name.title", u.name().title()}, {"name.first", u.name().first()},
            {"name.last", u.name().last()}, {"email", u.email()}, {"phone", u.phone()}, {"cell", u.cell()},
            {"location.street.name", u.location().streetName()}, {"location.city", u.location().city()},
            {"location.state", u.location().state()}, {"location.country", u.location().country()},
            {"location.postcode", u.location().postcode()}, {"location.timezone.description", u.location().timeZone().description()},
            {"id.name", u.nationalId().name()}, {"id.value", u.nationalId().value()}, {"nat", u.nationality()},
            {"picture", u.pictures().large() + " " + u.pictures().medium() + " " + u.pictures().thumbnail()},
            {"login.salt", u.passwordDigest() == null ? null : u.passwordDigest().salt()},
        };
        for (String[] f : fields) {
            if (f[1] != null && f[1].indexOf('\0') >= 0) {
                return f[0];
            }
        }
        return null;
    }

    /**
     * One staging row as batch parameters; JDBI binds its accessors by name.
     */
    public record StageRow(UUID runId, UUID uuid, String username, String title, String firstName, String lastName, String gender,
            String email, Instant dateOfBirth, Instant registeredAt, String phone, String cell, int streetNumber,
            String streetName, String city, String state, String country, String postcode, BigDecimal latitude,
            BigDecimal longitude, String tzOffset, String tzDescription, String nationalIdName, String nationalIdValue,
            String pictureLarge, String pictureMedium, String pictureThumbnail, String nationality, String passwordSalt,
            String passwordSha256, byte[] rowHash) {

        static StageRow of(UUID runId, User u) {
            return new StageRow(runId, u.uuid(), u.username(), u.name().title(), u.name().first(), u.name().last(),
                    u.gender().text(), u.email(), u.dateOfBirth(), u.registeredAt(), u.phone(), u.cell(),
                    u.location().streetNumber(), u.location().streetName(), u.location().city(), u.location().state(),
                    u.location().country(), u.location().postcode(), u.location().coordinates().latitude(),
                    u.location().coordinates().longitude(), u.location().timeZone().offset(),
                    u.location().timeZone().description(), u.nationalId().name(), u.nationalId().value(),
                    u.pictures().large().toString(), u.pictures().medium().toString(), u.pictures().thumbnail().toString(),
                    u.nationality(), u.passwordDigest() == null ? null : u.passwordDigest().salt(),
                    u.passwordDigest() == null ? null : u.passwordDigest().sha256(), hash(u));
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
        return i.getEpochSecond() + "." + i.getNano();
    }

    private static String decimal(BigDecimal d) {
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

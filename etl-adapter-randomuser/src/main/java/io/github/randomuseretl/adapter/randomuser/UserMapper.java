package io.github.randomuseretl.adapter.randomuser;

import io.github.randomuseretl.core.model.Coordinates;
import io.github.randomuseretl.core.model.Gender;
import io.github.randomuseretl.core.model.Location;
import io.github.randomuseretl.core.model.NationalId;
import io.github.randomuseretl.core.model.PasswordDigest;
import io.github.randomuseretl.core.model.PersonName;
import io.github.randomuseretl.core.model.Pictures;
import io.github.randomuseretl.core.model.RejectionReason;
import io.github.randomuseretl.core.model.TimeZone;
import io.github.randomuseretl.core.model.User;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

/**
 * Checks what a JSON Schema cannot (dates against each other and the clock, values the core model
 * rejects) and maps a record to the core {@link User}: postcode as text, coordinates as decimals,
 * time-zone offset as {@code +HH:MM}, e-mail lower case, dates as instants, no credentials unless the
 * operator opted in to keep the salted SHA-256 digest. A top-level field the API was asked to leave out
 * ({@code inc}/{@code exc}) maps to {@code null}; a field that is there is mapped whole or the record is
 * rejected, never half. Stateless apart from its settings; thread-safe.
 */
final class UserMapper {

    private static final Instant EARLIEST_BIRTH = Instant.parse("1900-01-01T00:00:00Z");
    private static final Pattern OFFSET = Pattern.compile("([+-]?)(\\d{1,2}):(\\d{2})");
    /** How every reason about the kept digest ends. */
    static final String DIGEST_SETTING = "(ETL_KEEP_PASSWORD_HASH=true)";

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SALT = Pattern.compile("[\\x20-\\x7E]{1,100}");
    private static final Pattern FIELD_PATH = Pattern.compile("[a-z]+(?:\\.[a-z0-9]+)*");

    /** Compiled once: a record is read through some 25 pointers. */
    private static final Map<String, JsonPointer> POINTERS = new ConcurrentHashMap<>();

    private final boolean keepPasswordHash;
    private final Clock clock;

    UserMapper(boolean keepPasswordHash, Clock clock) {
        this.keepPasswordHash = keepPasswordHash;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Checks and maps a record that is a JSON object. Values at or below a pointer the schema already
     * reported are skipped, so each problem is reported once.
     *
     * @param root    the record
     * @param reasons the schema's reasons; this method adds its own
     * @return the user, or {@code null} if there is any reason
     */
    User map(JsonNode root, List<RejectionReason> reasons) {
        Run run = new Run(root, reasons);
        UUID uuid = run.uuid("/login/uuid");
        Instant dob = run.instant("/dob/date");
        Instant registered = run.instant("/registered/date");
        Instant now = clock.instant();
        if (dob != null) {
            if (dob.isAfter(now)) {
                run.reject("/dob/date", "must not be in the future");
            } else if (dob.isBefore(EARLIEST_BIRTH)) {
                run.reject("/dob/date", "must not be before 1900-01-01");
            }
        }
        if (registered != null) {
            if (registered.isAfter(now)) {
                run.reject("/registered/date", "must not be in the future");
            } else if (dob != null && registered.isBefore(dob)) {
                run.reject("/registered/date", "must not be before dob.date");
            }
        }
        TimeZone timeZone = run.timeZone();
        BigDecimal latitude = run.decimal("/location/coordinates/latitude");
        BigDecimal longitude = run.decimal("/location/coordinates/longitude");
        Integer streetNumber = run.integer("/location/street/number");
        URI large = run.uri("/picture/large");
        URI medium = run.uri("/picture/medium");
        URI thumbnail = run.uri("/picture/thumbnail");
        PasswordDigest digest = keepPasswordHash ? run.digest() : null;
        if (!reasons.isEmpty()) {
            return null;
        }
        String nat = run.text("/nat");
        try {
            // A part the API left out is null; one that is there is built whole, and the core model refuses it half.
            Location location = run.present("location")
                    ? new Location(Objects.requireNonNull(streetNumber, "location.street.number is required"),
                            run.text("/location/street/name"), run.text("/location/city"), run.text("/location/state"),
                            run.text("/location/country"), run.postcode(), new Coordinates(latitude, longitude), timeZone)
                    : null;
            return new User(
                    uuid,
                    run.text("/login/username"),
                    new PersonName(run.text("/name/title"), run.text("/name/first"), run.text("/name/last")),
                    run.present("gender") ? Gender.fromText(run.text("/gender")) : null,
                    run.text("/email").toLowerCase(Locale.ROOT),
                    dob,
                    registered,
                    run.text("/phone"),
                    run.text("/cell"),
                    location,
                    run.present("id") ? new NationalId(run.text("/id/name"), run.text("/id/value")) : null,
                    run.present("picture") ? new Pictures(large, medium, thumbnail) : null,
                    nat,
                    digest);
        } catch (IllegalArgumentException | NullPointerException e) {
            // The core model's messages start with the field's dotted path, e.g. "name.first must not be blank".
            // Some end quoting the value (", got ..."): left out, as no reason quotes a value of the record.
            String message = String.valueOf(e.getMessage());
            int quoted = message.indexOf(", got ");
            if (quoted >= 0) {
                message = message.substring(0, quoted);
            }
            String first = message.split(" ", 2)[0];
            String pointer = FIELD_PATH.matcher(first).matches() ? "/" + first.replace('.', '/') : "";
            reasons.add(new RejectionReason(pointer, message));
            return null;
        }
    }

    /**
     * @param text an RFC 3339 date-time
     * @return the instant
     * @throws DateTimeException if it is not one
     */
    static Instant parseInstant(String text) {
        // The API's own shape, 2011-09-29T05:22:45.051Z, read directly: java.time's parser is several times slower.
        if (text.length() == 24 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(19) == '.' && text.charAt(23) == 'Z') {
            try {
                return LocalDateTime.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10), digits(text, 11, 13),
                        digits(text, 14, 16), digits(text, 17, 19), digits(text, 20, 23) * 1_000_000).toInstant(ZoneOffset.UTC);
            } catch (NumberFormatException e) {
                throw new DateTimeException(text);
            }
        }
        // RFC 3339 allows a lower-case t and z; java.time does not.
        return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)).toInstant();
    }

    private static int digits(String text, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(text);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** One record's checks; collects reasons. */
    private final class Run {
        private final JsonNode root;
        private final List<RejectionReason> reasons;
        private final int schemaReasons;

        Run(JsonNode root, List<RejectionReason> reasons) {
            this.root = root;
            this.reasons = reasons;
            this.schemaReasons = reasons.size();
        }

        /** Whether the schema already reported this value or one that contains it. */
        boolean reported(String pointer) {
            for (int i = 0; i < schemaReasons; i++) {
                String p = reasons.get(i).pointer();
                if (p.isEmpty() || pointer.equals(p) || pointer.startsWith(p + "/")) {
                    return true;
                }
            }
            return false;
        }

        /** Whether the record has this top-level field at all, as opposed to the API having left it out. */
        boolean present(String field) {
            return root.get(field) != null;
        }

        JsonNode at(String pointer) {
            return root.at(POINTERS.computeIfAbsent(pointer, JsonPointer::compile));
        }

        void reject(String pointer, String message) {
            reasons.add(new RejectionReason(pointer, message));
        }

        /** @return the string at the pointer, or {@code null} if absent, null or not a string */
        String text(String pointer) {
            JsonNode n = at(pointer);
            return n.isString() ? n.stringValue() : null;
        }

        /** @return the node at the pointer if the schema did not report it and it is present */
        JsonNode usable(String pointer) {
            if (reported(pointer)) {
                return null;
            }
            JsonNode n = at(pointer);
            return n.isMissingNode() || n.isNull() ? null : n;
        }

        UUID uuid(String pointer) {
            JsonNode n = usable(pointer);
            if (n == null || !n.isString()) {
                return null;
            }
            try {
                return UUID.fromString(n.stringValue());
            } catch (IllegalArgumentException e) {
                reject(pointer, "must be a UUID such as beea3fbc-58d6-4454-bf7f-ee72b2bb9a66");
                return null;
            }
        }

        Instant instant(String pointer) {
            JsonNode n = usable(pointer);
            if (n == null || !n.isString()) {
                return null;
            }
            try {
                return parseInstant(n.stringValue());
            } catch (DateTimeException e) {
                reject(pointer, "must be an RFC 3339 date-time such as 1995-02-10T17:25:12.032Z");
                return null;
            }
        }

        TimeZone timeZone() {
            String pointer = "/location/timezone/offset";
            JsonNode n = usable(pointer);
            JsonNode description = at("/location/timezone/description");
            if (n == null || !n.isString() || !description.isString()) {
                return null;
            }
            Matcher m = OFFSET.matcher(n.stringValue());
            if (!m.matches()) {
                reject(pointer, "must be a UTC offset such as +5:45, -3:30 or 0:00");
                return null;
            }
            int hours = Integer.parseInt(m.group(2));
            String minutes = m.group(3);
            String sign = hours == 0 && minutes.equals("00") ? "+" : m.group(1).isEmpty() ? "+" : m.group(1);
            try {
                return new TimeZone(sign + (hours < 10 ? "0" : "") + hours + ":" + minutes, description.stringValue());
            } catch (IllegalArgumentException e) {
                // Not quoting the value: no reason quotes one, so none can quote a credential.
                reject(pointer, "must be from -12:00 to +14:00");
                return null;
            }
        }

        BigDecimal decimal(String pointer) {
            JsonNode n = usable(pointer);
            if (n == null) {
                return null;
            }
            try {
                if (n.isString()) {
                    return new BigDecimal(n.stringValue());
                }
                if (n.isNumber()) {
                    return n.decimalValue();
                }
            } catch (NumberFormatException e) {
                reject(pointer, "must be a decimal number");
            }
            return null;
        }

        Integer integer(String pointer) {
            JsonNode n = usable(pointer);
            if (n == null || !n.isNumber()) {
                return null;
            }
            if (!n.canConvertToInt()) {
                reject(pointer, "must be a whole number from 0 to " + Integer.MAX_VALUE);
                return null;
            }
            return n.intValue();
        }

        URI uri(String pointer) {
            JsonNode n = usable(pointer);
            if (n == null || !n.isString()) {
                return null;
            }
            try {
                URI uri = new URI(n.stringValue());
                if (uri.isAbsolute()) {
                    return uri;
                }
            } catch (java.net.URISyntaxException e) {
                // reported below
            }
            reject(pointer, "must be an absolute http or https URL");
            return null;
        }

        String postcode() {
            JsonNode n = at("/location/postcode");
            if (n.isString()) {
                return n.stringValue();
            }
            // A whole number the API sent without quotes; 82122.0 is the same postcode as 82122.
            BigDecimal d = n.decimalValue().stripTrailingZeros();
            return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
        }

        PasswordDigest digest() {
            JsonNode sha256 = at("/login/sha256");
            JsonNode salt = at("/login/salt");
            if (sha256.isMissingNode() || sha256.isNull()) {
                return null; // nothing to keep
            }
            boolean redacted = Credentials.absentOrRedacted(sha256);
            boolean ok = true;
            // A value redacted from one the contract rejected is rejected again, so a replay judges alike.
            if (!redacted && (Credentials.redactedRejected(sha256) || !sha256.isString() || !SHA256.matcher(sha256.stringValue()).matches())) {
                reject("/login/sha256", "must be 64 lower-case hex digits to be kept (ETL_KEEP_PASSWORD_HASH=true)");
                ok = false;
            }
            if (salt.isMissingNode() || salt.isNull()) {
                reject("/login/salt", "is required to keep the password digest (ETL_KEEP_PASSWORD_HASH=true)");
                ok = false;
            } else if (Credentials.redactedRejected(salt) || !salt.isString() || !SALT.matcher(salt.stringValue()).matches()) {
                reject("/login/salt", "must be 1 to 100 printable ASCII characters to keep the password digest (ETL_KEEP_PASSWORD_HASH=true)");
                ok = false;
            }
            // A redacted digest (a quarantined record replayed) cannot be kept: the user loads without one.
            return ok && !redacted && !Credentials.absentOrRedacted(salt) ? new PasswordDigest(salt.stringValue(), sha256.stringValue()) : null;
        }
    }
}

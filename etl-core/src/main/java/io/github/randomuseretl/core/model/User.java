package io.github.randomuseretl.core.model;

import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One user, checked and mapped, as the sink stores it. Its identity is {@link #uuid()}; everything
 * else may change between two loads of the same user.
 *
 * <p>Identity, name, e-mail and nationality are always present. The other parts are {@code null} only
 * when the source was asked to leave them out (randomuser.me's {@code inc}/{@code exc} parameters), so
 * a deliberately narrow fetch still loads.
 *
 * @param uuid           the source's stable identifier ({@code login.uuid})
 * @param username       the login name, not blank
 * @param name           the person's name
 * @param gender         the gender, or {@code null} if left out
 * @param email          lower case, with one {@code @}
 * @param dateOfBirth    the instant of birth, or {@code null} if left out
 * @param registeredAt   when the user registered, or {@code null} if left out
 * @param phone          landline, as text; may be empty; {@code null} if left out
 * @param cell           mobile, as text; may be empty; {@code null} if left out
 * @param location       where the user lives, or {@code null} if left out
 * @param nationalId     the national identifier, or {@code null} if left out
 * @param pictures       portrait URLs, or {@code null} if left out
 * @param nationality    an upper-case code such as {@code GB}; {@code LEGO} for the fictional nationality
 * @param passwordDigest the salted SHA-256 digest when the operator opted in to keep it, else {@code null}
 */
public record User(
        UUID uuid,
        String username,
        PersonName name,
        Gender gender,
        String email,
        Instant dateOfBirth,
        Instant registeredAt,
        String phone,
        String cell,
        Location location,
        NationalId nationalId,
        Pictures pictures,
        String nationality,
        PasswordDigest passwordDigest) {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final Pattern NATIONALITY = Pattern.compile("[A-Z]{2,4}");

    /** Checks the invariants above. */
    public User {
        Checks.present(uuid, "login.uuid");
        Checks.notBlank(username, "login.username");
        Checks.present(name, "name");
        Checks.present(email, "email");
        if (!EMAIL.matcher(email).matches()) {
            throw new IllegalArgumentException("email must contain one @ and no spaces");
        }
        if (!email.equals(email.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("email must be lower case");
        }
        if (dateOfBirth != null && registeredAt != null && registeredAt.isBefore(dateOfBirth)) {
            throw new IllegalArgumentException("registered.date must not be before dob.date");
        }
        Checks.present(nationality, "nat");
        if (!NATIONALITY.matcher(nationality).matches()) {
            throw new IllegalArgumentException("nat must be 2 to 4 upper-case letters, got \"" + nationality + '"');
        }
    }
}

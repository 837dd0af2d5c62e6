package io.github.randomuseretl.core.model;

import java.util.regex.Pattern;

/**
 * A salted SHA-256 digest of a user's password, kept only when an operator opts in. The plaintext
 * password never reaches the core.
 *
 * @param salt   the salt the source combined with the password
 * @param sha256 64 lower-case hex digits
 */
public record PasswordDigest(String salt, String sha256) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** Checks the digest's shape. */
    public PasswordDigest {
        Checks.present(salt, "login.salt");
        Checks.present(sha256, "login.sha256");
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("login.sha256 must be 64 lower-case hex digits");
        }
    }

    /** Never prints the digest, so a stray log line cannot leak it. */
    @Override
    public String toString() {
        return "PasswordDigest[sha256=***]";
    }
}

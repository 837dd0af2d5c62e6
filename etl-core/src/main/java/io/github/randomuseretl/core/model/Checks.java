package io.github.randomuseretl.core.model;

import java.util.Objects;

/** Argument checks shared by the model's compact constructors; messages name the field. */
final class Checks {

    private Checks() {
    }

    static <T> T present(T value, String field) {
        return Objects.requireNonNull(value, () -> field + " is required");
    }

    static String notBlank(String value, String field) {
        present(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    static String noLongerThan(String value, int max, String field) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(field + " must be at most " + max + " characters, got " + value.length());
        }
        return value;
    }
}

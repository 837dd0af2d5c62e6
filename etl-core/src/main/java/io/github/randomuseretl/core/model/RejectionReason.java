package io.github.randomuseretl.core.model;

/**
 * Why a record was rejected: where in the record, and what is wrong there.
 *
 * @param pointer a JSON pointer into the raw record ({@code ""} for the whole record, e.g. {@code /login/uuid})
 * @param message what is wrong, readable by an operator
 */
public record RejectionReason(String pointer, String message) {

    /** Checks that both parts are present. */
    public RejectionReason {
        Checks.present(pointer, "pointer");
        Checks.notBlank(message, "message");
    }
}

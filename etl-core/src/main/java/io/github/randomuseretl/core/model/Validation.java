package io.github.randomuseretl.core.model;

import java.util.List;

/** The outcome of checking one raw record: a user to load, or a rejection to quarantine. */
public sealed interface Validation permits Validation.Accepted, Validation.Rejected {

    /**
     * The record passed the contract and was mapped.
     *
     * @param user the mapped user
     */
    record Accepted(User user) implements Validation {

        /** Checks that the user is present. */
        public Accepted {
            Checks.present(user, "user");
        }
    }

    /**
     * The record broke the contract. It is kept, never dropped.
     *
     * @param record  the raw record, with credentials redacted by the validator
     * @param reasons every reason found, at least one
     */
    record Rejected(RawRecord record, List<RejectionReason> reasons) implements Validation {

        /** Checks that there is a record and at least one reason; copies the list. */
        public Rejected {
            Checks.present(record, "record");
            Checks.present(reasons, "reasons");
            if (reasons.isEmpty()) {
                throw new IllegalArgumentException("a rejection needs at least one reason");
            }
            reasons = List.copyOf(reasons);
        }
    }
}

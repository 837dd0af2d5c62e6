package io.github.randomuseretl.core.model;

import java.util.List;

/** The outcome of checking one raw record: a user to load, or a rejection to quarantine. */
public sealed interface Validation permits Validation.Accepted, Validation.Rejected {

    /** @return the record's unknown fields and missing optional parts */
    FieldDrift drift();

    /**
     * The record passed the contract and was mapped.
     *
     * @param user  the mapped user
     * @param drift the record's unknown fields and missing optional parts
     */
    record Accepted(User user, FieldDrift drift) implements Validation {

        /** Checks that the user is present. */
        public Accepted {
            Checks.present(user, "user");
            Checks.present(drift, "drift");
        }

        /** @param user the mapped user of a record without drift */
        public Accepted(User user) {
            this(user, FieldDrift.NONE);
        }
    }

    /**
     * The record broke the contract. It is kept, never dropped.
     *
     * @param record  the raw record, with credentials redacted by the validator
     * @param reasons every reason found, at least one
     * @param drift   the record's unknown fields and missing optional parts, as far as they could be told
     */
    record Rejected(RawRecord record, List<RejectionReason> reasons, FieldDrift drift) implements Validation {

        /** Checks that there is a record and at least one reason; copies the list. */
        public Rejected {
            Checks.present(record, "record");
            Checks.present(reasons, "reasons");
            if (reasons.isEmpty()) {
                throw new IllegalArgumentException("a rejection needs at least one reason");
            }
            reasons = List.copyOf(reasons);
            Checks.present(drift, "drift");
        }

        /**
         * @param record  the raw record, credentials redacted
         * @param reasons every reason found, at least one
         */
        public Rejected(RawRecord record, List<RejectionReason> reasons) {
            this(record, reasons, FieldDrift.NONE);
        }
    }
}

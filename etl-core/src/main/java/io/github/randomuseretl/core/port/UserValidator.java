package io.github.randomuseretl.core.port;

import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.Validation;

/**
 * Checks one raw record against the contract and maps it.
 *
 * <p>A bad record is an answer, not an error: implementations return
 * {@link Validation.Rejected} with every reason found and never throw for bad input.
 */
public interface UserValidator {

    /**
     * Checks and maps one record.
     *
     * @param record the raw record
     * @return the accepted user, or the rejection (raw record with credentials redacted, and its reasons)
     */
    Validation validate(RawRecord record);
}

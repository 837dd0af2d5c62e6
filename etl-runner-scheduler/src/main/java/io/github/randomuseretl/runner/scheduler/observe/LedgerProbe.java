package io.github.randomuseretl.runner.scheduler.observe;

import io.github.randomuseretl.core.catchup.Gap;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What readiness asks the database: is it there, when did the pipeline last succeed, which slots are missing. */
public interface LedgerProbe {

    /**
     * @throws RuntimeException if the database cannot be reached; the message says why, without secrets
     */
    void ping();

    /**
     * @return one line saying why the schema is not ready for this program (not migrated, or behind), or
     *         empty when it is
     * @throws RuntimeException if the database cannot be reached
     */
    default Optional<String> schemaProblem() {
        return Optional.empty();
    }

    /**
     * @return when the pipeline's latest successful run finished, by any process
     * @throws RuntimeException if the ledger cannot be read
     */
    Optional<Instant> lastSuccessAt();

    /**
     * @return the slots inside the catch-up window, before the current one, that have no succeeded run
     * @throws RuntimeException if the ledger cannot be read
     */
    List<Gap> missingSlots();
}

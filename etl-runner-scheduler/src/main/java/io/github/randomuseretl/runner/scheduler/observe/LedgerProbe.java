package io.github.randomuseretl.runner.scheduler.observe;

import java.time.Instant;
import java.util.Optional;

/** What readiness asks the database: is it there, and when did the pipeline last succeed. */
public interface LedgerProbe {

    /**
     * @throws RuntimeException if the database cannot be reached; the message says why, without secrets
     */
    void ping();

    /**
     * @return when the pipeline's latest successful run finished, by any process
     * @throws RuntimeException if the ledger cannot be read
     */
    Optional<Instant> lastSuccessAt();
}

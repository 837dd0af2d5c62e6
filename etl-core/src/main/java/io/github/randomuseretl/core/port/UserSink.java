package io.github.randomuseretl.core.port;

import io.github.randomuseretl.core.run.LoadCounts;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunRequest;
import java.util.function.Function;

/**
 * Stores users, rejections and the run ledger.
 *
 * <p>The contract that makes runs exactly-once: {@link #claim} lets at most one live run hold a slot
 * and refuses a slot that already succeeded; {@link #write} stores a batch and the run's outcome in one
 * transaction, so either all of it is visible or none of it is; {@link #fail} records a failure without
 * writing any user.
 */
public interface UserSink {

    /**
     * Claims a slot for a new run.
     *
     * @param request the run to record as {@code running}
     * @return {@link SlotClaim.Claimed} if the run may go ahead, otherwise why not
     * @throws SinkException if the claim could not be made
     */
    SlotClaim claim(RunRequest request);

    /**
     * Writes a batch and the run's outcome as one unit.
     *
     * @param run      the claim this batch belongs to
     * @param batch    the users and rejections
     * @param outcome  builds the final report from the exact counts; called inside the unit, once
     * @return the report as recorded
     * @throws SinkException if anything failed; then nothing of the batch is visible
     */
    RunReport write(SlotClaim.Claimed run, Batch batch, Function<LoadCounts, RunReport> outcome);

    /**
     * Records that a claimed run failed; no user is written.
     *
     * @param report the failed run's report
     * @throws SinkException if the ledger could not be updated (the run then stays {@code running}
     *                       until it is found abandoned)
     */
    void fail(RunReport report);
}

package io.github.randomuseretl.core.port;

import io.github.randomuseretl.core.run.RunRequest;

/**
 * Stores users, rejections and the run ledger.
 *
 * <p>The contract that makes runs exactly-once: {@link #claim} lets at most one live run hold a slot
 * and refuses a slot that already succeeded; the {@link RunLoad} of a claimed run writes its users,
 * rejections and outcome as one unit, or nothing. A run whose process died is found by the next claim
 * of its slot (how quickly is the sink's to document) and recorded {@code abandoned}; its slot may
 * then be claimed again. A run that is alive is never taken over, however slow.
 *
 * <p>A claim that asks the source for users ({@link RunRequest#users()}) respects the request's
 * {@link io.github.randomuseretl.core.run.SourceBudget}: the users every run of the pipeline asked for
 * in the budget's window are counted from the ledger, atomically across processes, and a claim that
 * would exceed the budget, or that comes while the source's window is recorded as spent, is
 * {@link SlotClaim.Deferred}.
 *
 * <p>The contract suite {@code UserSinkContract} in the core's test-jar checks every sink against
 * this.
 */
public interface UserSink {

    /**
     * Claims a slot for a new run.
     *
     * @param request the run to record as {@code running}
     * @return {@link SlotClaim.Claimed} with the run's open load if the run may go ahead (the caller
     *         must close the load), otherwise why not: already succeeded, busy, or deferred
     * @throws SinkException if the claim could not be made
     */
    SlotClaim claim(RunRequest request);
}

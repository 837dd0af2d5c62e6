package io.github.randomuseretl.core.port;

import io.github.randomuseretl.core.model.User;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.run.LoadCounts;
import io.github.randomuseretl.core.run.RunReport;
import java.time.Instant;
import java.util.function.Function;

/**
 * The open load of one claimed run: the pipeline hands it each accepted user and each rejection as the
 * record arrives, then ends it exactly once with {@link #commit}, {@link #commitRejectionsOnly},
 * {@link #fail} or {@link #failRateLimited}, and always {@link #close}s it.
 *
 * <p>The contract every sink keeps:
 * <ul>
 *   <li>nothing staged is visible to anyone before the commit, and a commit makes all of it visible
 *       together with the run's outcome, as one unit;</li>
 *   <li>a run whose claim was taken over meanwhile (its slot was found abandoned and claimed again)
 *       commits nothing: the commit throws and nothing of the load is visible;</li>
 *   <li>a load that ends without a commit (a failure, an exception, a process that dies) leaves nothing
 *       behind but its ledger entry;</li>
 *   <li>while the load is open and its holder alive the sink treats its run as alive, so its slot is
 *       not claimed again, however long the run takes; {@link #close} ends that, and so does the death
 *       of the process holding the load (how the sink notices, and how fast, is the sink's to
 *       document);</li>
 *   <li>writing honours the run's deadline: a commit still blocked at the deadline gives up, writes
 *       nothing and throws.</li>
 * </ul>
 *
 * <p>One thread adds and ends a load; it is not thread-safe.
 */
public interface RunLoad extends AutoCloseable {

    /**
     * Stages an accepted user. The pipeline stages each uuid at most once per run (a later record with
     * the same uuid is a rejection).
     *
     * @param user the user
     * @throws SinkException if it could not be staged; the run then fails
     */
    void stage(User user);

    /**
     * Stages a rejected record for the quarantine.
     *
     * @param rejection the record (credentials redacted) and its reasons
     * @throws SinkException if it could not be staged; the run then fails
     */
    void quarantine(Validation.Rejected rejection);

    /**
     * Writes the staged users and rejections and the run's outcome as one unit.
     *
     * @param outcome builds the final report from the exact counts; called inside the unit, once; it
     *                ends {@code succeeded} (or {@code failed}, which still writes everything)
     * @return the report as recorded
     * @throws SinkException if anything failed; then nothing of the load is visible
     */
    RunReport commit(Function<LoadCounts, RunReport> outcome);

    /**
     * Writes the staged rejections and the run's outcome as one unit, and drops the staged users: the
     * quality gate refused the batch, but its rejections are what an operator needs to see why.
     *
     * @param outcome builds the final (failed) report from the counts (users all zero); called once
     * @return the report as recorded
     * @throws SinkException if anything failed; then nothing of the load is visible
     */
    RunReport commitRejectionsOnly(Function<LoadCounts, RunReport> outcome);

    /**
     * Drops everything staged and records the run as failed.
     *
     * @param report the failed run's report
     * @throws SinkException if the ledger could not be updated (the run then stays {@code running}
     *                       until the sink finds it abandoned)
     */
    void fail(RunReport report);

    /**
     * Drops everything staged and records the run as failed because the source said its window is
     * spent; until {@code until}, claims of the pipeline that ask the source for users are deferred,
     * whichever process makes them.
     *
     * @param report the failed run's report
     * @param until  when the source's window has surely ended
     * @throws SinkException if the ledger could not be updated
     */
    void failRateLimited(RunReport report, Instant until);

    /**
     * Ends the load and whatever keeps its run alive in the sink's eyes. A load not committed or
     * failed is dropped. Never throws.
     */
    @Override
    void close();
}

package io.github.randomuseretl.adapter.postgres;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The run ledger's statements; SQL in {@code RunLedgerDao/*.sql} beside this class. */
@UseClasspathSqlLocator
@RegisterRowMapper(RunRows.Mapper.class)
interface RunLedgerDao {

    /** One run's use of the source's budget: its users, and when its requests were over at the latest. */
    record Spend(Instant doneBy, long requestedUsers) {
    }

    /** Serialises claims of one slot (or of one pipeline's budget) until the transaction ends. */
    @SqlQuery
    int lockSlot(@Bind("namespace") String namespace, @Bind("key") String key);

    /** Bounds every later statement of the transaction: statement and lock timeouts, transaction-scoped. */
    @SqlQuery
    String boundStatements(@Bind("millis") long millis);

    /** The slot's running runs, except those a writing transaction has locked (their run is alive). */
    @SqlQuery
    List<UUID> runningToProbe(@Bind("pipeline") String pipeline, @Bind("slot") Instant slot);

    /** True if the run's lease is free: its session has ended. */
    @SqlQuery
    boolean leaseIsFree(@Bind("namespace") String namespace, @Bind("runId") UUID runId);

    /** Takes the run's lease for this session (session-scoped). */
    @SqlQuery
    int takeLease(@Bind("namespace") String namespace, @Bind("runId") UUID runId);

    @SqlQuery
    boolean releaseLease(@Bind("namespace") String namespace, @Bind("runId") UUID runId);

    /** Keepalives for the lease's session, so a vanished host is noticed in seconds. */
    @SqlQuery
    String keepAlive();

    @SqlUpdate
    void resetKeepAlive();

    @SqlUpdate
    int abandon(@Bind("runId") UUID runId, @Bind("now") Instant now);

    /** The slot's succeeded run if any, else its running run if any. */
    @SqlQuery
    Optional<RunRows.Row> findSucceededOrRunning(@Bind("pipeline") String pipeline, @Bind("slot") Instant slot);

    @SqlQuery
    int lastAttempt(@Bind("pipeline") String pipeline, @Bind("slot") Instant slot);

    /** @return the end of a window the source said is spent, if one is still running, or null */
    @SqlQuery
    Instant rateLimitedUntil(@Bind("pipeline") String pipeline, @Bind("now") Instant now);

    @SqlQuery
    @RegisterConstructorMapper(Spend.class)
    List<Spend> spends(@Bind("pipeline") String pipeline, @Bind("since") Instant since);

    @SqlUpdate("insertRunning")
    void insertRunningRow(@Bind("runId") UUID runId, @Bind("pipeline") String pipeline, @Bind("slot") Instant slot,
            @Bind("trigger") String trigger, @Bind("attempt") int attempt, @Bind("startedAt") Instant startedAt,
            @Bind("deadline") Instant deadline, @Bind("parameters") String parametersJson, @Bind("users") long users);

    /** Records a new running run; a forced rebuild's is marked as a reload (V9), every other leaves that column alone. */
    default void insertRunning(UUID runId, String pipeline, Instant slot, String trigger, int attempt, Instant startedAt,
            Instant deadline, String parametersJson, long users, boolean reload) {
        insertRunningRow(runId, pipeline, slot, trigger, attempt, startedAt, deadline, parametersJson, users);
        if (reload) {
            markReload(runId);
        }
    }

    @SqlUpdate
    void markReload(@Bind("runId") UUID runId);

    /** @return a running run of the slot, or null */
    @SqlQuery
    UUID runningRun(@Bind("pipeline") String pipeline, @Bind("slot") Instant slot);

    /** Locks the run's row for the writing transaction and says its status. */
    @SqlQuery
    Optional<String> lockForWrite(@Bind("runId") UUID runId);

    @SqlUpdate("finish")
    int finishRow(@BindMethods RunRows.Finish finish);

    /** The run's archived objects and drift counts (V9); written only when there are any. */
    @SqlUpdate
    void recordProvenance(@BindMethods RunRows.Finish finish);

    /** Records how a running run ended, with its archived objects and drift counts if any; 0 if it is no longer running. */
    default int finish(RunRows.Finish finish) {
        int finished = finishRow(finish);
        if (finished == 1 && finish.hasProvenance()) {
            recordProvenance(finish);
        }
        return finished;
    }

    @SqlQuery
    List<RunRows.Row> latest(@Bind("limit") int limit);

    @SqlQuery
    Optional<RunRows.Row> find(@Bind("runId") UUID runId);

    @SqlQuery
    @RegisterRowMapper(RunRows.SlotMapper.class)
    List<io.github.randomuseretl.core.port.RunLedger.SlotRuns> slots(@Bind("pipeline") String pipeline, @Bind("from") Instant from,
            @Bind("before") Instant before);

    /** @return the earliest slot the pipeline has a run for, or null */
    @SqlQuery
    Instant firstSlot(@Bind("pipeline") String pipeline);

    /** @return the latest finish of a succeeded run, or null */
    @SqlQuery
    Instant lastSuccessAt(@Bind("pipeline") String pipeline);

    /** Running runs started before an instant, not locked by a writer: candidates for pruning. */
    @SqlQuery
    List<UUID> runningStartedBefore(@Bind("before") Instant before);

    @SqlUpdate
    int pruneRuns(@Bind("before") Instant before);
}

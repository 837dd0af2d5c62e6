package io.github.randomuseretl.adapter.postgres;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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

    /** Serialises claims of one slot until the transaction ends; never pins a session. */
    @SqlQuery
    int lockSlot(@Bind("namespace") String namespace, @Bind("key") String key);

    @SqlQuery
    List<UUID> abandonOverdue(@Bind("pipeline") String pipeline, @Bind("slot") Instant slot, @Bind("now") Instant now,
            @Bind("overdueBefore") Instant overdueBefore);

    /** The slot's succeeded run if any, else its running run if any. */
    @SqlQuery
    Optional<RunRows.Row> findSucceededOrRunning(@Bind("pipeline") String pipeline, @Bind("slot") Instant slot);

    @SqlQuery
    int lastAttempt(@Bind("pipeline") String pipeline, @Bind("slot") Instant slot);

    @SqlUpdate
    void insertRunning(@Bind("runId") UUID runId, @Bind("pipeline") String pipeline, @Bind("slot") Instant slot,
            @Bind("trigger") String trigger, @Bind("attempt") int attempt, @Bind("startedAt") Instant startedAt,
            @Bind("deadline") Instant deadline, @Bind("parameters") String parametersJson);

    /** Locks the run's row for the writing transaction and says its status. */
    @SqlQuery
    Optional<String> lockForWrite(@Bind("runId") UUID runId);

    /** Records how a running run ended; 0 if it is no longer running. */
    @SqlUpdate
    int finish(@BindMethods RunRows.Finish finish);

    @SqlQuery
    List<RunRows.Row> latest(@Bind("limit") int limit);

    @SqlQuery
    Optional<RunRows.Row> find(@Bind("runId") UUID runId);

    /** @return the latest finish of a succeeded run, or null */
    @SqlQuery
    Instant lastSuccessAt(@Bind("pipeline") String pipeline);

    @SqlUpdate
    int pruneRuns(@Bind("before") Instant before);
}

package io.github.randomuseretl.adapter.postgres;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.BatchChunkSize;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The load's set-based statements; SQL in {@code UserLoadDao/*.sql} beside this class. */
@UseClasspathSqlLocator
interface UserLoadDao {

    /** Inserted and updated users of one upsert, and the history rows it closed and opened. */
    record Upserted(long inserted, long updated, long closed, long opened) {
    }

    /** Stages rows with a JDBI batch (the alternative to COPY, kept to measure it). */
    @SqlBatch
    @BatchChunkSize(1000)
    int[] stage(@BindMethods List<UserRows.StageRow> rows);

    /**
     * Upserts the staged users, touching a row only when its hash differs, closes the current history
     * row of every user it updated and opens a current one for every user it inserted or updated.
     */
    @SqlQuery
    @RegisterConstructorMapper(Upserted.class)
    Upserted upsert(@Bind("runId") UUID runId, @Bind("now") Instant now);

    /** @return a uuid the run staged more than once, if any */
    @SqlQuery
    Optional<UUID> stagedTwice(@Bind("runId") UUID runId);

    @SqlUpdate
    int clearStage(@Bind("runId") UUID runId);
}

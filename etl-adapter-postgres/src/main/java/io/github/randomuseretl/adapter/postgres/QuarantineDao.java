package io.github.randomuseretl.adapter.postgres;

import io.github.randomuseretl.core.port.QuarantinedRecord;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.BatchChunkSize;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The quarantine's statements; SQL in {@code QuarantineDao/*.sql} beside this class. */
@UseClasspathSqlLocator
@RegisterConstructorMapper(QuarantineDao.StoredRow.class)
interface QuarantineDao {

    /** One quarantine row to insert. */
    record NewRow(UUID runId, Instant quarantinedAt, String origin, String rawFormat, String raw, String reasons) {
    }

    /** One stored quarantine row. */
    record StoredRow(long id, UUID runId, Instant quarantinedAt, String origin, String rawFormat, String raw, String reasons,
            Instant replayedAt, UUID replayedByRun) {

        /** @return the row as the core's record: payload restored as it was stored, reasons parsed */
        QuarantinedRecord toRecord() {
            return new QuarantinedRecord(id, runId, quarantinedAt, origin, RawPayloads.restore(rawFormat, raw), RawPayloads.parseReasons(reasons),
                    replayedAt, replayedByRun);
        }
    }

    @SqlBatch
    @BatchChunkSize(500)
    int[] insert(@BindMethods List<NewRow> rows);

    @SqlQuery
    List<StoredRow> latest(@Bind("limit") int limit, @Bind("runId") UUID runId);

    @SqlQuery
    List<StoredRow> waiting(@Bind("limit") int limit, @Bind("runId") UUID runId);

    /** Marks rows replayed by a run; only rows not replayed yet count. */
    @SqlUpdate
    int markReplayed(@Bind("ids") Long[] ids, @Bind("runId") UUID runId, @Bind("now") Instant now);

    @SqlUpdate
    int prune(@Bind("before") Instant before);
}

package io.github.randomuseretl.adapter.postgres;

import io.github.randomuseretl.core.model.Validation;
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

    /** One quarantine row to insert; see {@link RawPayloads} for what is kept of the record. */
    record NewRow(UUID runId, Instant quarantinedAt, String origin, byte[] rawBytes, byte[] rawSha256, String rawJson, String reasons) {

        /**
         * @param runId the run that rejected the record
         * @param now   when
         * @param r     the rejection
         * @return its row: never one the database refuses, whatever the record holds
         */
        static NewRow of(UUID runId, Instant now, Validation.Rejected r) {
            RawPayloads.Stored raw = RawPayloads.prepare(r.record().payload());
            String origin = r.record().origin().toString().replace('\0', ' ');
            return new NewRow(runId, now, origin, raw.bytes(), raw.sha256(), raw.json(), RawPayloads.reasonsJson(r.reasons()));
        }
    }

    /** One stored quarantine row. */
    record StoredRow(long id, UUID runId, Instant quarantinedAt, String origin, String rawFormat, byte[] rawBytes, byte[] rawSha256,
            String reasons, Instant replayedAt, UUID replayedByRun) {

        /** @return the row as the core's record: the payload's stored bytes restored, reasons parsed */
        QuarantinedRecord toRecord() {
            return new QuarantinedRecord(id, runId, quarantinedAt, origin, RawPayloads.restore(rawBytes),
                    java.util.HexFormat.of().formatHex(rawSha256), RawPayloads.parseReasons(reasons), replayedAt, replayedByRun);
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

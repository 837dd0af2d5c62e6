package io.github.randomuseretl.adapter.postgres;

import io.github.randomuseretl.core.model.User;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.port.SinkException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Streams one run's users into {@code users_stage} and its rejections into {@code quarantine} while
 * they arrive, in chunks, inside the run's open write transaction: what the load holds in memory is at
 * most one chunk of each, never the batch. Nothing written here is visible to another session before
 * the run commits, and a run that dies leaves nothing behind: its transaction rolls back (an ended
 * session's transaction always does).
 *
 * <p>The caller bounds each flush by the run's deadline ({@code bound}, run before every statement).
 * Not thread-safe, like the load it belongs to.
 */
final class RunStaging {

    /** Users are COPYed once their encoded rows reach this many characters (about 1,000 users). */
    static final int USER_CHUNK_CHARS = 1 << 20;
    /** ... or, for the JDBI batch, once this many users wait. */
    static final int USER_CHUNK_ROWS = 1_000;
    /** Rejections are inserted once this many wait ... */
    static final int REJECTION_CHUNK_ROWS = 500;
    /** ... or once their stored bytes reach this many. */
    static final int REJECTION_CHUNK_BYTES = 1 << 20;

    private final Handle h;
    private final String quotedSchema;
    private final Staging staging;
    private final UUID runId;
    private final Runnable bound;
    private final StringBuilder copyChunk;
    private final List<UserRows.StageRow> batchChunk;
    private final List<QuarantineDao.NewRow> rejectionChunk = new ArrayList<>();
    private int chunkUsers;
    private long rejectionChunkBytes;
    private long users;
    private long rejections;

    /**
     * @param h            the run's session, in its write transaction
     * @param quotedSchema the schema as it goes into SQL
     * @param staging      how users reach the staging table
     * @param runId        the run
     * @param bound        bounds the next statements by the time left before the run's deadline
     */
    RunStaging(Handle h, String quotedSchema, Staging staging, UUID runId, Runnable bound) {
        this.h = h;
        this.quotedSchema = quotedSchema;
        this.staging = staging;
        this.runId = runId;
        this.bound = bound;
        this.copyChunk = staging == Staging.COPY ? new StringBuilder(USER_CHUNK_CHARS + (1 << 14)) : null;
        this.batchChunk = staging == Staging.BATCH ? new ArrayList<>(USER_CHUNK_ROWS) : null;
    }

    /** Adds a user; writes the chunk once it is full. Refuses, before writing it, a user the database would refuse. */
    void user(User u) throws SQLException {
        String field = UserRows.fieldWithNul(u);
        if (field != null) {
            throw new SinkException("user " + u.uuid() + ": " + field + " holds U+0000, which PostgreSQL cannot store; nothing was written");
        }
        if (staging == Staging.COPY) {
            UserRows.appendCopyLine(copyChunk, runId, u);
            chunkUsers++;
            if (copyChunk.length() >= USER_CHUNK_CHARS) {
                flushUsers();
            }
        } else {
            batchChunk.add(UserRows.StageRow.of(runId, u));
            chunkUsers++;
            if (batchChunk.size() >= USER_CHUNK_ROWS) {
                flushUsers();
            }
        }
    }

    /** Adds a rejection (its row prepared now, so the record itself is not kept); writes the chunk once it is full. */
    void rejection(Validation.Rejected r, Instant now) {
        QuarantineDao.NewRow row = QuarantineDao.NewRow.of(runId, now, r);
        rejectionChunk.add(row);
        rejectionChunkBytes += row.rawBytes().length + (row.rawJson() == null ? 0 : row.rawJson().length()) + row.reasons().length();
        if (rejectionChunk.size() >= REJECTION_CHUNK_ROWS || rejectionChunkBytes >= REJECTION_CHUNK_BYTES) {
            flushRejections();
        }
    }

    /** Writes the users waiting in the chunk. */
    void flushUsers() throws SQLException {
        if (chunkUsers == 0) {
            return;
        }
        bound.run();
        if (staging == Staging.COPY) {
            copy();
            copyChunk.setLength(0);
        } else {
            h.attach(UserLoadDao.class).stage(batchChunk);
            batchChunk.clear();
        }
        users += chunkUsers;
        chunkUsers = 0;
    }

    /** Writes the rejections waiting in the chunk. */
    void flushRejections() {
        if (rejectionChunk.isEmpty()) {
            return;
        }
        bound.run();
        h.attach(QuarantineDao.class).insert(rejectionChunk);
        rejections += rejectionChunk.size();
        rejectionChunk.clear();
        rejectionChunkBytes = 0;
    }

    /** Forgets the users waiting in the chunk: the run keeps none of its users. */
    void dropWaitingUsers() {
        if (copyChunk != null) {
            copyChunk.setLength(0);
        }
        if (batchChunk != null) {
            batchChunk.clear();
        }
        chunkUsers = 0;
    }

    /** @return users written to the staging table so far */
    long usersWritten() {
        return users;
    }

    /** @return users staged so far, written or waiting */
    long users() {
        return users + chunkUsers;
    }

    /** @return rejections staged so far, written or waiting */
    long rejections() {
        return rejections + rejectionChunk.size();
    }

    /** Forgets what waits in the chunks (the run failed or ended): nothing of it is written. */
    void discard() {
        dropWaitingUsers();
        rejectionChunk.clear();
        rejectionChunkBytes = 0;
    }

    private void copy() throws SQLException {
        PGConnection pg = h.getConnection().unwrap(PGConnection.class);
        CopyIn copy = pg.getCopyAPI().copyIn("COPY " + quotedSchema + ".users_stage (" + UserRows.STAGE_COLUMNS + ") FROM STDIN");
        try {
            byte[] bytes = copyChunk.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            long copied = copy.endCopy();
            if (copied != chunkUsers) {
                throw new SinkException("COPY staged " + copied + " rows for " + chunkUsers + " users; nothing was written");
            }
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }
}

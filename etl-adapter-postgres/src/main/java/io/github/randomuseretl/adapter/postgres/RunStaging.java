package io.github.randomuseretl.adapter.postgres;

import io.github.randomuseretl.core.model.User;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.port.SinkException;
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
 * they arrive, inside the run's open write transaction: what the load holds in memory is at most one
 * chunk of each, never the batch. Users go through one {@code COPY} kept open while they arrive (each
 * 64 KiB of encoded rows is sent as it fills), so the server inserts them while the client fetches and
 * validates the next ones; it is ended only when rejections must be inserted (a full chunk of them) or
 * at the commit, and the next user opens a new one. Nothing written here is visible to another session
 * before the run commits, and a run that dies leaves nothing behind: its transaction rolls back (an
 * ended session's transaction always does).
 *
 * <p>The caller bounds each statement by the run's deadline ({@code bound}, run before each one): a
 * {@code COPY} kept open past the deadline is cancelled by the server. Not thread-safe, like the load
 * it belongs to.
 */
final class RunStaging {

    /** Encoded users are sent into the open COPY once they reach this many bytes (about 70 users). */
    static final int USER_CHUNK_BYTES = 1 << 16;
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
    /** The users' COPY lines, as the bytes sent: written in place and reused, so a user costs no String or byte[] of its own. */
    private final UserRows.CopyLines copyChunk;
    private final List<UserRows.StageRow> batchChunk;
    private final List<QuarantineDao.NewRow> rejectionChunk = new ArrayList<>();
    /** The COPY kept open while users arrive, or null. */
    private CopyIn copy;
    /** Users sent into the open COPY. */
    private long inCopy;
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
        this.copyChunk = staging == Staging.COPY ? new UserRows.CopyLines(runId, USER_CHUNK_BYTES + (1 << 12)) : null;
        this.batchChunk = staging == Staging.BATCH ? new ArrayList<>(USER_CHUNK_ROWS) : null;
    }

    /** Adds a user; writes the chunk once it is full. Refuses, before writing it, a user the database would refuse. */
    void user(User u) throws SQLException {
        // Flattened once: the check and the line read the same columns.
        UserRows.Columns c = UserRows.Columns.of(u);
        String field = UserRows.fieldWithNul(c);
        if (field != null) {
            throw new SinkException("user " + u.uuid() + ": " + field + " holds U+0000, which PostgreSQL cannot store; nothing was written");
        }
        if (staging == Staging.COPY) {
            copyChunk.append(c);
            chunkUsers++;
            if (copyChunk.length() >= USER_CHUNK_BYTES) {
                send();
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
    void rejection(Validation.Rejected r, Instant now) throws SQLException {
        QuarantineDao.NewRow row = QuarantineDao.NewRow.of(runId, now, r);
        rejectionChunk.add(row);
        rejectionChunkBytes += row.rawBytes().length + (row.rawJson() == null ? 0 : row.rawJson().length()) + row.reasons().length();
        if (rejectionChunk.size() >= REJECTION_CHUNK_ROWS || rejectionChunkBytes >= REJECTION_CHUNK_BYTES) {
            flushRejections();
        }
    }

    /** Writes the users waiting in the chunk and ends the open COPY: afterwards the session takes other statements. */
    void flushUsers() throws SQLException {
        if (staging == Staging.COPY) {
            if (chunkUsers > 0) {
                send();
            }
            endCopy();
        } else if (chunkUsers > 0) {
            bound.run();
            h.attach(UserLoadDao.class).stage(batchChunk);
            batchChunk.clear();
            users += chunkUsers;
            chunkUsers = 0;
        }
    }

    /** Writes the rejections waiting in the chunk (ending the open COPY first). */
    void flushRejections() throws SQLException {
        if (rejectionChunk.isEmpty()) {
            return;
        }
        endCopy();
        bound.run();
        h.attach(QuarantineDao.class).insert(rejectionChunk);
        rejections += rejectionChunk.size();
        rejectionChunk.clear();
        rejectionChunkBytes = 0;
    }

    /** @return users staged so far, written or waiting */
    long users() {
        return users + inCopy + chunkUsers;
    }

    /** @return rejections staged so far, written or waiting */
    long rejections() {
        return rejections + rejectionChunk.size();
    }

    /**
     * Forgets what waits in the chunks and cancels an open COPY (the run failed or ended): nothing of it
     * is written. Never throws: the transaction is rolled back next, or the session is already gone.
     */
    void discard() {
        if (copyChunk != null) {
            copyChunk.clear();
        }
        if (batchChunk != null) {
            batchChunk.clear();
        }
        chunkUsers = 0;
        rejectionChunk.clear();
        rejectionChunkBytes = 0;
        CopyIn open = copy;
        copy = null;
        inCopy = 0;
        if (open != null) {
            try {
                if (open.isActive()) {
                    open.cancelCopy();
                }
            } catch (SQLException | RuntimeException e) {
                // The session is broken or gone; its transaction rolls back with it.
            }
        }
    }

    /** Sends the encoded users into the open COPY, opening one (bounded by the deadline) if none is. */
    private void send() throws SQLException {
        if (copy == null) {
            bound.run();
            PGConnection pg = h.getConnection().unwrap(PGConnection.class);
            copy = pg.getCopyAPI().copyIn("COPY " + quotedSchema + ".users_stage (" + UserRows.STAGE_COLUMNS + ") FROM STDIN");
        }
        // The driver writes the bytes out before it returns, so the buffer is reused at once.
        copy.writeToCopy(copyChunk.bytes(), 0, copyChunk.length());
        copyChunk.clear();
        inCopy += chunkUsers;
        chunkUsers = 0;
    }

    /** Ends the open COPY, if any, and checks that every user sent into it was staged. */
    private void endCopy() throws SQLException {
        if (copy == null) {
            return;
        }
        CopyIn open = copy;
        long sent = inCopy;
        copy = null;
        inCopy = 0;
        long copied;
        try {
            copied = open.endCopy();
        } finally {
            if (open.isActive()) {
                open.cancelCopy();
            }
        }
        if (copied != sent) {
            throw new SinkException("COPY staged " + copied + " rows for " + sent + " users; nothing was written");
        }
        users += copied;
    }
}

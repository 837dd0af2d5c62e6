package io.github.randomuseretl.adapter.postgres;

import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.User;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.port.RunLoad;
import io.github.randomuseretl.core.port.FetchRequest;
import io.github.randomuseretl.core.port.FetchStats;
import io.github.randomuseretl.core.port.RunLedger;
import io.github.randomuseretl.core.port.SinkException;
import io.github.randomuseretl.core.port.SlotClaim;
import io.github.randomuseretl.core.port.UserSink;
import io.github.randomuseretl.core.port.UserSource;
import io.github.randomuseretl.core.run.LoadCounts;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunRequest;
import io.github.randomuseretl.core.run.Trigger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replays quarantined records through the normal pipeline, so a record rejected by an older contract
 * (or a fixed validator bug) is loaded once it passes, and never twice.
 *
 * <p>It is both the {@link UserSource} and the {@link UserSink} of one replay run:
 * <pre>{@code
 * PostgresQuarantineReplay replay = new PostgresQuarantineReplay(sink, 1000, null);
 * RunReport report = EtlPipeline.builder()
 *         .name(pipelineName + "-replay")   // a name of its own: a replay never takes a scheduled slot
 *         .source(replay).validator(validator).sink(replay).clock(clock)
 *         .build()                          // no quality gate: records still rejected simply stay
 *         .run(Slot.containing(clock.instant()), Trigger.REPLAY);
 * }</pre>
 * The source hands over the quarantined records not yet replayed (oldest first, at most
 * {@code limit}); the validator checks each again; the sink writes the accepted users through the
 * normal upsert and, in the same transaction, marks their quarantine rows replayed by this run. A record
 * still rejected stays in quarantine, unmarked and unchanged (no second row). If another replay marked
 * one of the rows first, the whole write rolls back. One instance serves one run; not thread-safe.
 */
public final class PostgresQuarantineReplay implements UserSource, UserSink {

    private static final String ORIGIN_PREFIX = "quarantine:";
    private static final Pattern ORIGIN = Pattern.compile("quarantine:(\\d+)");

    private final PostgresUserSink sink;
    private final int limit;
    private final UUID fromRun;
    private List<Long> fetched;

    /**
     * @param sink    the sink that writes accepted users (sharing its database)
     * @param limit   the most records one run replays, 1 to {@link RunLedger#MAX_LIMIT}
     * @param fromRun replay only records this run rejected, or {@code null} for all
     */
    public PostgresQuarantineReplay(PostgresUserSink sink, int limit, UUID fromRun) {
        this.sink = Objects.requireNonNull(sink, "sink");
        if (limit < 1 || limit > RunLedger.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + RunLedger.MAX_LIMIT + ", got " + limit);
        }
        this.limit = limit;
        this.fromRun = fromRun;
    }

    /** Hands over the waiting records, each with origin {@code quarantine:ID}. */
    @Override
    public FetchStats fetch(FetchRequest request, Consumer<RawRecord> records) {
        List<QuarantineDao.StoredRow> rows = sink.database().jdbi().withExtension(QuarantineDao.class, d -> d.waiting(limit, fromRun));
        List<Long> ids = new ArrayList<>(rows.size());
        long bytes = 0;
        int index = 0;
        for (QuarantineDao.StoredRow row : rows) {
            // The exact text that was rejected: a key twice is still there twice, so it is still rejected.
            String payload = RawPayloads.restore(row.rawBytes());
            ids.add(row.id());
            bytes += row.rawBytes().length;
            records.accept(new RawRecord(payload, new RawRecord.Origin(ORIGIN_PREFIX + row.id(), 1, index++)));
        }
        fetched = ids;
        return new FetchStats(rows.size(), 1, 0, bytes);
    }

    @Override
    public Map<String, String> parameters(FetchRequest request) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("source", "quarantine");
        p.put("limit", Integer.toString(limit));
        if (fromRun != null) {
            p.put("run", fromRun.toString());
        }
        return p;
    }

    /** Claims like the sink, for replay runs only; the claimed run's load marks what it loads replayed. */
    @Override
    public SlotClaim claim(RunRequest request) {
        if (request.trigger() != Trigger.REPLAY) {
            throw new SinkException("a quarantine replay runs with trigger replay, not " + request.trigger().text());
        }
        SlotClaim claim = sink.claim(request);
        if (claim instanceof SlotClaim.Claimed c) {
            return new SlotClaim.Claimed(c.runId(), c.attempt(), new ReplayLoad(c));
        }
        return claim;
    }

    /**
     * Streams the accepted users into the run's load and, at the commit, marks their quarantine rows
     * replayed in the same transaction; records still rejected stay the quarantine rows they are (only
     * their ids are kept, to know which rows were not accepted).
     */
    private final class ReplayLoad implements RunLoad {
        private final SlotClaim.Claimed claimed;
        private final Set<Long> stillRejected = new HashSet<>();
        private long staged;
        private long rejected;
        /** A rejection whose origin names no quarantine row, or null. */
        private String strayOrigin;

        ReplayLoad(SlotClaim.Claimed claimed) {
            this.claimed = claimed;
        }

        @Override
        public void stage(User user) {
            claimed.load().stage(user);
            staged++;
        }

        @Override
        public void quarantine(Validation.Rejected rejection) {
            rejected++;
            Matcher m = ORIGIN.matcher(rejection.record().origin().source());
            if (m.matches()) {
                stillRejected.add(Long.parseLong(m.group(1)));
            } else if (strayOrigin == null) {
                strayOrigin = rejection.record().origin().toString();
            }
        }

        @Override
        public RunReport commit(Function<LoadCounts, RunReport> outcome) {
            return write(true, outcome);
        }

        @Override
        public RunReport commitRejectionsOnly(Function<LoadCounts, RunReport> outcome) {
            return write(false, outcome);
        }

        private RunReport write(boolean keepUsers, Function<LoadCounts, RunReport> outcome) {
            if (fetched == null) {
                throw new SinkException("replay: write without a fetch; nothing was written");
            }
            if (strayOrigin != null) {
                throw new SinkException("replay: a rejection's origin " + strayOrigin + " names no quarantine row; nothing was written");
            }
            Set<Long> accepted = new LinkedHashSet<>(fetched);
            accepted.removeAll(stillRejected);
            boolean loads = keepUsers && staged > 0;
            if (loads && staged != accepted.size()) {
                throw new SinkException("replay: " + staged + " users for " + accepted.size() + " accepted records; nothing was written");
            }
            fetched = null;
            List<Long> marks = loads ? List.copyOf(accepted) : List.of();
            return ((PostgresUserSink.LeasedLoad) claimed.load()).write(outcome, keepUsers, marks, rejected);
        }

        @Override
        public void fail(RunReport report) {
            fetched = null;
            claimed.load().fail(report);
        }

        @Override
        public void failRateLimited(RunReport report, java.time.Instant until) {
            fetched = null;
            claimed.load().failRateLimited(report, until);
        }

        @Override
        public void close() {
            claimed.load().close();
        }
    }
}

package io.github.randomuseretl.runner.scheduler.e2e;

import io.github.randomuseretl.core.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the database says, read with plain SQL so the tests do not trust the code under test. */
final class Ledger {

    /** One ledger row. */
    record Run(String runId, Instant slot, String trigger, int attempt, String status, long inserted, long rejected, String error,
               Instant startedAt, Instant finishedAt, long requestedUsers) {
    }

    private final TestDatabase db;
    private final String pipeline;

    Ledger(TestDatabase db) {
        this(db, "randomuser");
    }

    /**
     * @param db       the database
     * @param pipeline the pipeline whose runs count (tests sharing a database use one each)
     */
    Ledger(TestDatabase db, String pipeline) {
        this.db = db;
        this.pipeline = pipeline;
    }

    List<Run> runs() {
        return query("SELECT run_id, slot, trigger, attempt, status, inserted, rejected, error, started_at, finished_at, requested_users "
                + "FROM randomuser.etl_runs WHERE pipeline = '" + pipeline + "' ORDER BY slot, attempt");
    }

    List<Run> runs(Instant slot) {
        List<Run> out = new ArrayList<>();
        for (Run r : runs()) {
            if (r.slot().equals(slot)) {
                out.add(r);
            }
        }
        return out;
    }

    /** @return succeeded runs per slot */
    Map<Instant, Integer> succeededPerSlot() {
        Map<Instant, Integer> out = new TreeMap<>();
        for (Run r : runs()) {
            if (r.status().equals("succeeded")) {
                out.merge(r.slot(), 1, Integer::sum);
            }
        }
        return out;
    }

    /**
     * @param first the first slot of the pipeline's history
     * @param last  the last slot to look at
     * @return the minutes from {@code first} to {@code last} that have no succeeded run
     */
    List<Instant> gaps(Instant first, Instant last) {
        Map<Instant, Integer> ok = succeededPerSlot();
        List<Instant> out = new ArrayList<>();
        for (Instant s = first; !s.isAfter(last); s = s.plusSeconds(60)) {
            if (!ok.containsKey(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /** @return runs still marked running */
    long running() {
        return runs().stream().filter(r -> r.status().equals("running")).count();
    }

    long count(String sql) {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return users last written by this pipeline's runs */
    long users() {
        return count("SELECT count(*) FROM randomuser.users u JOIN randomuser.etl_runs r ON r.run_id = u.last_run_id "
                + "WHERE r.pipeline = '" + pipeline + "'");
    }

    long distinctUsers() {
        return count("SELECT count(DISTINCT u.uuid) FROM randomuser.users u JOIN randomuser.etl_runs r ON r.run_id = u.last_run_id "
                + "WHERE r.pipeline = '" + pipeline + "'");
    }

    long currentHistoryRows() {
        return count("SELECT count(*) FROM randomuser.users_history h JOIN randomuser.users u ON u.uuid = h.uuid "
                + "JOIN randomuser.etl_runs r ON r.run_id = u.last_run_id WHERE h.is_current AND r.pipeline = '" + pipeline + "'");
    }

    private List<Run> query(String sql) {
        List<Run> out = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.add(new Run(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getInt(4), rs.getString(5),
                        rs.getLong(6), rs.getLong(7), rs.getString(8), rs.getTimestamp(9).toInstant(),
                        rs.getTimestamp(10) == null ? null : rs.getTimestamp(10).toInstant(), rs.getLong(11)));
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return out;
            }
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("etl_runs of " + pipeline + ":\n");
        runs().forEach(r -> sb.append("  ").append(r).append('\n'));
        return sb.toString();
    }
}

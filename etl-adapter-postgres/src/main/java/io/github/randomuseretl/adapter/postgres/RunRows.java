package io.github.randomuseretl.adapter.postgres;

import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.model.ArchivedObject;
import io.github.randomuseretl.core.port.RunLedger;
import io.github.randomuseretl.core.run.LoadCounts;
import io.github.randomuseretl.core.run.RunProvenance;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunStatus;
import io.github.randomuseretl.core.run.StageDurations;
import io.github.randomuseretl.core.run.Trigger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Rows of {@code etl_runs} and their mapping to and from {@link RunReport}. */
final class RunRows {

    /** Longest error text kept in the ledger. */
    static final int MAX_ERROR = 4000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RunRows() {
    }

    /** One ledger row. Public only so JDBI can reach it; the enclosing class is package-private. */
    public record Row(UUID runId, String pipeline, Instant slot, String trigger, int attempt, String status, Instant startedAt,
            Instant deadline, Instant finishedAt, long fetched, long inserted, long updated, long unchanged, long rejected,
            Long fetchMs, Long validateMs, Long loadMs, Long totalMs, String error, String archived, String unknownFields,
            String missingFields) {

        /** @return the row as a report; a run still running reports its start as its finish */
        RunReport toReport() {
            StageDurations durations = new StageDurations(ms(fetchMs), ms(validateMs), ms(loadMs), ms(totalMs));
            Instant finished = finishedAt == null || finishedAt.isBefore(startedAt) ? startedAt : finishedAt;
            RunStatus s = RunStatus.fromText(status);
            String err = error;
            if (s == RunStatus.FAILED && (err == null || err.isBlank())) {
                err = "failed";
            }
            return new RunReport(runId, pipeline, new Slot(slot), Trigger.fromText(trigger), attempt, s, fetched,
                    new LoadCounts(inserted, updated, unchanged, rejected), durations, startedAt, finished, err,
                    new RunProvenance(parseArchived(archived), parseCounts(unknownFields), parseCounts(missingFields)));
        }

        private static Duration ms(Long millis) {
            return millis == null ? Duration.ZERO : Duration.ofMillis(millis);
        }
    }

    /** The values {@code finish.sql} writes. */
    public record Finish(UUID runId, String status, long fetched, long inserted, long updated, long unchanged, long rejected,
            long fetchMs, long validateMs, long loadMs, long totalMs, Instant finishedAt, String error, Instant rateLimitedUntil,
            String archived, String unknownFields, String missingFields) {

        static Finish of(RunReport r) {
            return of(r, null);
        }

        /** @return true if the run archived objects or saw drift, so the V9 columns are written */
        boolean hasProvenance() {
            return !"[]".equals(archived) || !"{}".equals(unknownFields) || !"{}".equals(missingFields);
        }

        /** @param rateLimitedUntil the end of the window the source said is spent, or {@code null} */
        static Finish of(RunReport r, Instant rateLimitedUntil) {
            StageDurations d = r.durations();
            return new Finish(r.runId(), r.status().text(), r.fetched(), r.inserted(), r.updated(), r.unchanged(), r.rejected(),
                    d.fetch().toMillis(), d.validate().toMillis(), d.load().toMillis(), d.total().toMillis(), r.finishedAt(),
                    truncate(r.error()), rateLimitedUntil, archivedJson(r.provenance().archived()),
                    countsJson(r.provenance().unknownFields()), countsJson(r.provenance().missingFields()));
        }
    }

    /** Maps {@code slots.sql}: how each slot stands. */
    public static final class SlotMapper implements RowMapper<RunLedger.SlotRuns> {
        @Override
        public RunLedger.SlotRuns map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new RunLedger.SlotRuns(new Slot(Mapper.instant(rs, "slot")), rs.getInt("runs"), rs.getBoolean("succeeded"),
                    RunStatus.fromText(rs.getString("last_status")), rs.getString("last_error"));
        }
    }

    /**
     * The report as the ledger will hold it: instants to microseconds, durations to milliseconds, the
     * error cut to {@link #MAX_ERROR} characters; so a report read back equals the one written.
     *
     * @param r a report
     * @return the normalised report
     */
    static RunReport normalise(RunReport r) {
        StageDurations d = r.durations();
        StageDurations ms = new StageDurations(toMillis(d.fetch()), toMillis(d.validate()), toMillis(d.load()), toMillis(d.total()));
        Instant started = r.startedAt().truncatedTo(ChronoUnit.MICROS);
        Instant finished = r.finishedAt().truncatedTo(ChronoUnit.MICROS);
        return new RunReport(r.runId(), r.pipeline(), r.slot(), r.trigger(), r.attempt(), r.status(), r.fetched(), r.counts(), ms,
                started, finished, truncate(r.error()), r.provenance());
    }

    static String archivedJson(List<ArchivedObject> objects) {
        ArrayNode a = JSON.createArrayNode();
        for (ArchivedObject o : objects) {
            ObjectNode n = a.addObject();
            n.put("key", o.key());
            n.put("bytes", o.bytes());
            n.put("sha256", o.sha256());
        }
        return JSON.writeValueAsString(a);
    }

    static String countsJson(Map<String, Long> counts) {
        ObjectNode o = JSON.createObjectNode();
        counts.forEach((k, v) -> o.put(k.replace('\0', ' '), v));
        return JSON.writeValueAsString(o);
    }

    static List<ArchivedObject> parseArchived(String json) {
        List<ArchivedObject> out = new ArrayList<>();
        if (json != null) {
            for (JsonNode n : JSON.readTree(json)) {
                out.add(new ArchivedObject(n.get("key").asString(), n.get("bytes").asLong(), n.get("sha256").asString()));
            }
        }
        return out;
    }

    static Map<String, Long> parseCounts(String json) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (json != null) {
            JSON.readTree(json).properties().forEach(e -> out.put(e.getKey(), e.getValue().asLong()));
        }
        return out;
    }

    static String truncate(String error) {
        if (error == null) {
            return null;
        }
        String e = error.replace('\0', ' ');
        return e.length() <= MAX_ERROR ? e : e.substring(0, MAX_ERROR - 1) + "…";
    }

    private static Duration toMillis(Duration d) {
        return Duration.ofMillis(d.toMillis());
    }

    /** Maps {@code SELECT * FROM etl_runs}. */
    public static final class Mapper implements RowMapper<Row> {
        @Override
        public Row map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new Row(rs.getObject("run_id", UUID.class), rs.getString("pipeline"), instant(rs, "slot"),
                    rs.getString("trigger"), rs.getInt("attempt"), rs.getString("status"), instant(rs, "started_at"),
                    instant(rs, "deadline"), instant(rs, "finished_at"), rs.getLong("fetched"), rs.getLong("inserted"),
                    rs.getLong("updated"), rs.getLong("unchanged"), rs.getLong("rejected"), longOrNull(rs, "fetch_ms"),
                    longOrNull(rs, "validate_ms"), longOrNull(rs, "load_ms"), longOrNull(rs, "total_ms"), rs.getString("error"),
                    optional(rs, "archived"), optional(rs, "unknown_fields"), optional(rs, "missing_fields"));
        }

        static Instant instant(ResultSet rs, String column) throws SQLException {
            Timestamp t = rs.getTimestamp(column);
            return t == null ? null : t.toInstant();
        }

        /** A V9 column, or null on a schema before it (only tests run today's sink on an older schema). */
        private static String optional(ResultSet rs, String column) throws SQLException {
            java.sql.ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                if (column.equals(md.getColumnName(i))) {
                    return rs.getString(i);
                }
            }
            return null;
        }

        private static Long longOrNull(ResultSet rs, String column) throws SQLException {
            long v = rs.getLong(column);
            return rs.wasNull() ? null : v;
        }
    }
}

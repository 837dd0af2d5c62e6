package io.github.randomuseretl.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.randomuseretl.core.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a star schema against the core tables it is derived from, with SQL of its own (PostgreSQL's
 * {@code age()} and {@code to_char}, not the migration's functions), so a mistake in the data warehouse
 * procedure cannot hide behind itself.
 */
final class StarSchema {

    /** Columns of users_history that stay out of dim_user: the run's own bookkeeping and no credential. */
    static final Set<String> NOT_IN_DIM_USER = Set.of("password_salt", "password_sha256", "row_hash");

    private final TestDatabase db;
    private final String s;

    StarSchema(TestDatabase db, String schema) {
        this.db = db;
        this.s = schema;
    }

    /** Fails with every difference found, or returns quietly when the star schema matches the core tables. */
    void assertConsistent() {
        List<String> problems = problems();
        assertEquals(List.of(), problems, "the star schema of " + s + " differs from its core tables");
    }

    /** @return every difference between the star schema and the core tables, empty when they match */
    List<String> problems() {
        List<String> attributes = dimUserAttributes();
        String hAttrs = attributes.stream().map(c -> "h." + c).collect(Collectors.joining(", "));
        String dAttrs = attributes.stream().map(c -> "d." + c).collect(Collectors.joining(", "));
        String uAttrs = attributes.stream().map(c -> "u." + c).collect(Collectors.joining(", "));
        List<String> problems = new ArrayList<>();

        check(problems, "dim_user's columns are users_history's, but for " + NOT_IN_DIM_USER,
                "SELECT string_agg(column_name, ',' ORDER BY column_name) FROM (SELECT column_name FROM information_schema.columns "
                        + "WHERE table_schema = '" + s + "' AND table_name = 'users_history' AND column_name NOT IN ('"
                        + String.join("','", NOT_IN_DIM_USER) + "') EXCEPT SELECT column_name FROM information_schema.columns "
                        + "WHERE table_schema = '" + s + "' AND table_name = 'dim_user') missing");

        // Every users_history version is one dim_user version, with the same validity and attributes.
        check(problems, "dim_user versions that are not users_history's",
                "SELECT string_agg(coalesce(h.uuid, d.uuid) || '@' || coalesce(h.run_id, d.run_id), ', ') FROM " + s + ".users_history h "
                        + "FULL JOIN " + s + ".dim_user d ON d.uuid = h.uuid AND d.run_id = h.run_id "
                        + "WHERE h.uuid IS NULL OR d.uuid IS NULL OR (h.valid_from, h.valid_to, h.is_current, " + hAttrs + ") "
                        + "IS DISTINCT FROM (d.valid_from, d.valid_to, d.is_current, " + dAttrs + ")");

        check(problems, "users_history versions copied more than once",
                "SELECT string_agg(uuid || '@' || run_id, ', ') FROM (SELECT uuid, run_id FROM " + s + ".dim_user GROUP BY 1, 2 "
                        + "HAVING count(*) > 1) twice");

        // The current version of every user is its users row.
        check(problems, "users whose current dim_user version is not their row",
                "SELECT string_agg(coalesce(u.uuid, d.uuid)::text, ', ') FROM " + s + ".users u "
                        + "FULL JOIN (SELECT * FROM " + s + ".dim_user WHERE is_current) d ON d.uuid = u.uuid "
                        + "WHERE u.uuid IS NULL OR d.uuid IS NULL OR d.run_id <> u.last_run_id OR (" + uAttrs + ") IS DISTINCT FROM (" + dAttrs + ")");

        // Versions of one user follow each other without gap or overlap.
        check(problems, "dim_user versions that do not follow on from the one before",
                "SELECT string_agg(uuid::text, ', ') FROM (SELECT uuid, valid_from, lag(valid_to) OVER w AS previous_to, "
                        + "row_number() OVER w AS n FROM " + s + ".dim_user WINDOW w AS (PARTITION BY uuid ORDER BY valid_from, valid_to NULLS LAST)) v "
                        + "WHERE n > 1 AND previous_to IS DISTINCT FROM valid_from");

        // One fact per user, pointing at its current version, with its dates, nationality and age.
        check(problems, "fact_registration rows that do not match users",
                "SELECT string_agg(coalesce(u.uuid, f.uuid)::text, ', ') FROM " + s + ".users u "
                        + "FULL JOIN " + s + ".fact_registration f ON f.uuid = u.uuid "
                        + "LEFT JOIN " + s + ".dim_user d ON d.user_key = f.user_key "
                        + "LEFT JOIN " + s + ".dim_nationality n ON n.nationality_key = f.nationality_key "
                        + "LEFT JOIN " + s + ".dim_date r ON r.date_key = f.registered_date_key "
                        + "LEFT JOIN " + s + ".dim_date b ON b.date_key = f.birth_date_key "
                        + "WHERE u.uuid IS NULL OR f.uuid IS NULL OR d.uuid IS DISTINCT FROM u.uuid OR NOT d.is_current "
                        + "OR n.code IS DISTINCT FROM u.nationality "
                        + "OR (f.registered_date_key IS NULL) <> (u.registered_at IS NULL) "
                        + "OR (f.birth_date_key IS NULL) <> (u.date_of_birth IS NULL) "
                        + "OR r.date IS DISTINCT FROM (u.registered_at AT TIME ZONE 'UTC')::date "
                        + "OR b.date IS DISTINCT FROM (u.date_of_birth AT TIME ZONE 'UTC')::date "
                        + "OR f.age_at_registration IS DISTINCT FROM date_part('year', age((u.registered_at AT TIME ZONE 'UTC')::date, "
                        + "(u.date_of_birth AT TIME ZONE 'UTC')::date))::int");

        // Every fact joins every dimension it names.
        check(problems, "facts naming a dimension row that is not there",
                "SELECT string_agg(f.uuid::text, ', ') FROM " + s + ".fact_registration f "
                        + "WHERE NOT EXISTS (SELECT 1 FROM " + s + ".dim_user d WHERE d.user_key = f.user_key) "
                        + "OR NOT EXISTS (SELECT 1 FROM " + s + ".dim_nationality n WHERE n.nationality_key = f.nationality_key) "
                        + "OR (f.registered_date_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + s + ".dim_date x WHERE x.date_key = f.registered_date_key)) "
                        + "OR (f.birth_date_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + s + ".dim_date x WHERE x.date_key = f.birth_date_key))");
        check(problems, "run facts whose date is not in dim_date",
                "SELECT string_agg(f.run_id::text, ', ') FROM " + s + ".fact_run f "
                        + "WHERE NOT EXISTS (SELECT 1 FROM " + s + ".dim_date x WHERE x.date_key = f.date_key)");

        // One run fact per finished run, as the ledger recorded it.
        String runColumns = "slot, pipeline, trigger, attempt, status, started_at, finished_at, fetched, inserted, updated, unchanged, "
                + "rejected, fetch_ms, validate_ms, load_ms, total_ms";
        check(problems, "fact_run rows that differ from the ledger's finished runs",
                "SELECT string_agg(coalesce(r.run_id, f.run_id)::text, ', ') FROM (SELECT * FROM " + s + ".etl_runs WHERE status <> 'running') r "
                        + "FULL JOIN " + s + ".fact_run f ON f.run_id = r.run_id "
                        + "LEFT JOIN " + s + ".dim_date x ON x.date_key = f.date_key "
                        + "WHERE r.run_id IS NULL OR f.run_id IS NULL OR x.date IS DISTINCT FROM (r.slot AT TIME ZONE 'UTC')::date "
                        + "OR (" + prefixed("r.", runColumns) + ") IS DISTINCT FROM (" + prefixed("f.", runColumns) + ")");

        // dim_date: right attributes, no gaps.
        check(problems, "dim_date rows with wrong attributes",
                "SELECT string_agg(date::text, ', ') FROM " + s + ".dim_date WHERE (date_key, year, quarter, month, day, month_name, "
                        + "iso_year, iso_week, weekday, weekday_name) IS DISTINCT FROM (to_char(date, 'YYYYMMDD')::int, "
                        + "to_char(date, 'YYYY')::int, to_char(date, 'Q')::int, to_char(date, 'MM')::int, to_char(date, 'DD')::int, "
                        + "to_char(date, 'FMMonth'), to_char(date, 'IYYY')::int, to_char(date, 'IW')::int, to_char(date, 'ID')::int, "
                        + "to_char(date, 'FMDay'))");
        check(problems, "dim_date has gaps",
                "SELECT CASE WHEN count(*) <> coalesce(max(date) - min(date) + 1, 0) THEN count(*) || ' days from ' || min(date) "
                        + "|| ' to ' || max(date) END FROM " + s + ".dim_date");
        return problems;
    }

    /** @return the xmin and place of every star schema row: equal before and after means nothing was written */
    String rowVersions() {
        StringBuilder out = new StringBuilder();
        for (String table : List.of("dim_user", "dim_date", "dim_nationality", "fact_registration")) {
            out.append(table).append(':').append(Pg.text(db, "SELECT md5(coalesce(string_agg(xmin::text || ctid::text, ',' ORDER BY ctid), '')) FROM "
                    + s + "." + table)).append(' ');
        }
        return out.toString().strip();
    }

    /** @return how many rows each star schema table holds, e.g. {@code dim_user=3 fact_registration=3 fact_run=1} */
    String counts() {
        StringBuilder out = new StringBuilder();
        for (String table : List.of("dim_user", "fact_registration", "fact_run")) {
            out.append(table).append('=').append(Pg.count(db, "SELECT count(*) FROM " + s + "." + table)).append(' ');
        }
        return out.toString().strip();
    }

    private List<String> dimUserAttributes() {
        List<String> columns = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_schema = '" + s
                     + "' AND table_name = 'dim_user' AND column_name NOT IN ('user_key', 'uuid', 'run_id', 'valid_from', 'valid_to', "
                     + "'is_current') ORDER BY ordinal_position")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        if (columns.size() < 20) {
            throw new IllegalStateException("dim_user of " + s + " has only the attributes " + columns);
        }
        return columns;
    }

    private void check(List<String> problems, String what, String sql) {
        String found = Pg.text(db, sql);
        if (found != null && !found.isEmpty()) {
            problems.add(what + ": " + (found.length() > 300 ? found.substring(0, 300) + "…" : found));
        }
    }

    private static String prefixed(String prefix, String columns) {
        return java.util.Arrays.stream(columns.split(", ")).map(c -> prefix + c).collect(Collectors.joining(", "));
    }
}

package io.github.randomuseretl.runner.scheduler.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.adapter.postgres.PostgresDatabase;
import io.github.randomuseretl.adapter.postgres.PostgresMigrations;
import io.github.randomuseretl.adapter.postgres.PostgresUserSink;
import io.github.randomuseretl.adapter.randomuser.JsonSchemaUserValidator;
import io.github.randomuseretl.adapter.randomuser.RandomUserHttpSource;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.pipeline.EtlPipeline;
import io.github.randomuseretl.core.port.FetchRequest;
import io.github.randomuseretl.core.port.FetchStats;
import io.github.randomuseretl.core.port.UserSource;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunStatus;
import io.github.randomuseretl.core.run.Trigger;
import io.github.randomuseretl.core.testing.FakeRandomUserApi;
import io.github.randomuseretl.core.testing.Outcomes;
import io.github.randomuseretl.core.testing.TestDatabase;
import io.github.randomuseretl.runner.scheduler.wiring.SchedulerConfig;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Every query of the shipped Grafana dashboard runs against the schema the migrations create, filled by
 * the real pipeline, after Grafana's macro expansion for a fixed time range: a panel cannot ship with
 * SQL that fails, reads a column a view does not have, or shows nothing when there is data.
 */
class GrafanaDashboardIT {

    private static final String DASHBOARD = "docs/grafana/dashboards/randomuser-etl.json";
    private static final String DATASOURCE = "docs/grafana/provisioning/datasources/postgres.yaml";
    /** Not the default schema, so a panel that names {@code randomuser.} instead of {@code ${schema}.} fails. */
    private static final String SCHEMA = "grafana_it";
    /** The dashboard's time range in this test; every run below but one falls into it. */
    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-01-01T01:00:00Z");
    private static final int USERS_PER_RUN = 20;
    private static final int SUCCEEDED_IN_RANGE = 4;

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static FakeRandomUserApi api;

    @BeforeAll
    static void loadThroughThePipeline() {
        api = FakeRandomUserApi.start();
        Map<String, String> env = new HashMap<>();
        env.put("ETL_DB_URL", DB.jdbcUrl());
        env.put("ETL_DB_USER", DB.user());
        env.put("ETL_DB_PASSWORD", DB.password());
        env.put("ETL_DB_SCHEMA", SCHEMA);
        env.put("ETL_DB_POOL_SIZE", "2");
        env.put("ETL_SOURCE_URL", api.baseUrl());
        env.put("ETL_USERS_PER_RUN", Integer.toString(USERS_PER_RUN));
        env.put("ETL_SOURCE_MAX_RETRIES", "0");
        SchedulerConfig config = SchedulerConfig.from(Settings.of(env));
        try (PostgresDatabase db = PostgresDatabase.pooled(config.database())) {
            new PostgresMigrations(db).migrate();
            // One run before the range, to show the panels' time filters leave it out.
            assertEquals(RunStatus.SUCCEEDED, run(config, db, "2025-12-31T22:30Z", false).status());
            for (int i = 1; i <= SUCCEEDED_IN_RANGE; i++) {
                // The second run's source serves one broken record: the quarantine panels get a row.
                RunReport report = run(config, db, "2026-01-01T00:0" + i + "Z", i == 2);
                assertEquals(RunStatus.SUCCEEDED, report.status(), report.toString());
                assertEquals(i == 2 ? 1 : 0, report.rejected(), report.toString());
            }
            api.setDown(true);
            assertEquals(RunStatus.FAILED, run(config, db, "2026-01-01T00:09Z", false).status(), "a failed run: the status panels show two");
        }
    }

    @AfterAll
    static void stopApi() {
        if (api != null) {
            api.close();
        }
    }

    /** Runs a slot as the scheduler would, with a clock that stands a second into the slot. */
    private static RunReport run(SchedulerConfig config, PostgresDatabase db, String slotText, boolean breakOneRecord) {
        Slot slot = Slot.parse(slotText);
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), slot.start().plusSeconds(1)));
        UserSource source = RandomUserHttpSource.create(config.source(), clock);
        return Outcomes.report(EtlPipeline.builder()
                .settings(config.pipeline())
                .source(breakOneRecord ? new OneBrokenRecord(source) : source)
                .validator(JsonSchemaUserValidator.from(config.source(), clock))
                .sink(new PostgresUserSink(db, clock))
                .clock(clock)
                .build()
                .run(slot, Trigger.SCHEDULE));
    }

    @Test
    void everyPanelQueryRunsAndShowsTheLoadedData() throws SQLException {
        JsonNode dashboard = RepoFiles.json(DASHBOARD);
        GrafanaMacros macros = new GrafanaMacros(variables(dashboard), FROM, TO);
        List<Target> targets = targets(dashboard);
        assertTrue(targets.size() >= 10, "the dashboard's panels: " + targets.size());
        List<String> failures = new ArrayList<>();
        try (Connection c = DB.connect()) {
            // Grafana's login only needs SELECT: a panel that writes fails here.
            c.setReadOnly(true);
            for (Target target : targets) {
                String sql;
                try {
                    sql = macros.expand(target.sql());
                } catch (IllegalArgumentException e) {
                    failures.add(target + ": " + e.getMessage());
                    continue;
                }
                try {
                    String problem = check(target, sql, rows(c, sql));
                    if (problem != null) {
                        failures.add(target + ": " + problem + "\n    " + sql.replace("\n", "\n    "));
                    }
                } catch (SQLException e) {
                    failures.add(target + ": " + e.getMessage().lines().findFirst().orElse("") + "\n    " + sql.replace("\n", "\n    "));
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " panel(s) broken:\n" + String.join("\n", failures));
    }

    @Test
    void theBusinessPanelsReadTheStarSchemaAndCountEveryLoadedUser() throws SQLException {
        JsonNode dashboard = RepoFiles.json(DASHBOARD);
        GrafanaMacros macros = new GrafanaMacros(variables(dashboard), FROM, TO);
        List<Target> business = targets(dashboard).stream().filter(t -> t.sql().contains(".fact_registration")).toList();
        Set<String> titles = new TreeSet<>();
        business.forEach(t -> titles.add(t.panel()));
        for (String panel : List.of("Users loaded", "Users by country", "Age distribution", "Sign-ups per day", "Age at registration")) {
            assertTrue(titles.stream().anyMatch(t -> t.startsWith(panel)), "panel '" + panel + "' reads the star schema: " + titles);
        }
        try (Connection c = DB.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + SCHEMA + ".users")) {
            rs.next();
            long users = rs.getLong(1);
            assertEquals((SUCCEEDED_IN_RANGE + 1) * USERS_PER_RUN - 1, users, "every run's users but the broken record");
            for (Target target : business) {
                Rows rows = rows(c, macros.expand(target.sql()));
                int column = rows.columns().indexOf("users");
                assertTrue(column >= 0, target + " has a users column: " + rows.columns());
                long shown = rows.values().stream().mapToLong(row -> ((Number) row.get(column)).longValue()).sum();
                assertEquals(users, shown, target + " counts every user the pipeline loaded (each has a nationality and both dates)");
            }
        }
    }

    @Test
    void everyPanelReadsTheProvisionedDataSource() {
        JsonNode provisioned = RepoFiles.yaml(DATASOURCE).path("datasources");
        assertEquals(1, provisioned.size(), "one provisioned data source");
        String uid = provisioned.get(0).path("uid").asString();
        String type = provisioned.get(0).path("type").asString();
        assertFalse(uid.isBlank(), "the provisioned data source has a uid the dashboard can name");
        List<String> wrong = new ArrayList<>();
        JsonNode dashboard = RepoFiles.json(DASHBOARD);
        for (JsonNode panel : panels(dashboard)) {
            List<JsonNode> refs = new ArrayList<>();
            refs.add(panel.path("datasource"));
            panel.path("targets").forEach(t -> refs.add(t.path("datasource")));
            for (JsonNode ref : refs) {
                if (ref.isMissingNode() && ref != refs.get(0)) {
                    continue; // a target without its own data source uses the panel's
                }
                if (!uid.equals(ref.path("uid").asString("")) || !type.equals(ref.path("type").asString(""))) {
                    wrong.add("panel '" + panel.path("title").asString() + "': " + ref);
                }
            }
        }
        assertTrue(wrong.isEmpty(), "not the provisioned data source {uid " + uid + ", type " + type + "}:\n" + String.join("\n", wrong));
    }

    /**
     * @return why the panel would show nothing or mislead, or {@code null}: with this data every panel has
     *         rows; none of the dashboard's panels may be empty
     */
    private static String check(Target target, String sql, Rows rows) {
        if (rows.values().isEmpty()) {
            return "no rows, though runs, users and a quarantined record are loaded in the range";
        }
        if (rows.values().stream().noneMatch(row -> row.stream().allMatch(v -> v != null))) {
            return "every row has a NULL column: " + rows.values();
        }
        if (rows.values().size() == 1 && rows.columns().size() == 1 && rows.values().get(0).get(0) instanceof Number n
                && new BigDecimal(n.toString()).signum() == 0) {
            return "counts 0 of the loaded data";
        }
        for (String breakdown : List.of("status", "metric")) {
            int column = rows.columns().indexOf(breakdown);
            if (column >= 0) {
                Set<String> distinct = new TreeSet<>();
                rows.values().forEach(row -> distinct.add(String.valueOf(row.get(column))));
                if (distinct.size() < 2) {
                    return "shows only " + distinct + " though succeeded and failed runs are in the range";
                }
            }
        }
        int time = rows.columns().indexOf("time");
        if (target.format().equals("time_series") && time < 0) {
            return "format time_series needs a column named time (Grafana refuses the result otherwise): " + rows.columns();
        }
        if (time >= 0) {
            Instant previous = null;
            for (List<Object> row : rows.values()) {
                Instant t = (Instant) row.get(time);
                if (t == null) {
                    return "a row without time";
                }
                if (target.format().equals("time_series") && previous != null && t.isBefore(previous)) {
                    return "time series rows must be sorted by time for Grafana to draw them";
                }
                if (target.sql().contains("$__timeFilter") && (t.isBefore(FROM) || t.isAfter(TO))) {
                    return "a row at " + t + " is outside the time range " + FROM + " .. " + TO;
                }
                previous = t;
            }
        }
        return null;
    }

    private static Map<String, String> variables(JsonNode dashboard) {
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            String name = variable.path("name").asString();
            // Only the schema is known to this test; another variable fails the expansion with its name.
            if (name.equals("schema")) {
                assertEquals("constant", variable.path("type").asString(), "the schema variable is a constant");
                values.put(name, SCHEMA);
            }
        }
        return values;
    }

    /** Every panel, rows' nested ones included. */
    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        collect(dashboard.path("panels"), out);
        return out;
    }

    private static void collect(JsonNode panels, List<JsonNode> into) {
        for (JsonNode panel : panels) {
            if (panel.path("type").asString("").equals("row")) {
                collect(panel.path("panels"), into);
            } else if (!panel.path("type").asString("").equals("text")) {
                into.add(panel);
            }
        }
    }

    private static List<Target> targets(JsonNode dashboard) {
        List<Target> out = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            String title = panel.path("title").asString("(untitled)");
            JsonNode targets = panel.path("targets");
            assertTrue(targets.size() > 0, "panel '" + title + "' has no query");
            for (JsonNode t : targets) {
                String sql = t.path("rawSql").asString("");
                assertFalse(sql.isBlank(), "panel '" + title + "' target " + t.path("refId").asString() + " has no raw SQL");
                out.add(new Target(title, t.path("refId").asString(""), t.path("format").asString("table"), sql));
            }
        }
        return out;
    }

    private static Rows rows(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnLabel(i));
            }
            List<List<Object>> values = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(value(rs, meta, i, columns.get(i - 1).equals("time")));
                }
                values.add(row);
            }
            return new Rows(columns, values);
        }
    }

    /** A column's value; the {@code time} column as an instant, from a timestamp or Unix seconds, as Grafana reads it. */
    private static Object value(ResultSet rs, ResultSetMetaData meta, int i, boolean time) throws SQLException {
        int type = meta.getColumnType(i);
        if (time && (type == Types.TIMESTAMP || type == Types.TIMESTAMP_WITH_TIMEZONE)) {
            OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
            return t == null ? null : t.toInstant();
        }
        if (time) {
            BigDecimal seconds = rs.getBigDecimal(i);
            return seconds == null ? null : Instant.ofEpochMilli(seconds.movePointRight(3).longValueExact());
        }
        return rs.getObject(i);
    }

    /** One query of one panel. */
    private record Target(String panel, String refId, String format, String sql) {
        @Override
        public String toString() {
            return "panel '" + panel + "' query " + refId;
        }
    }

    private record Rows(List<String> columns, List<List<Object>> values) {
    }

    /** The randomuser.me source, except that the second record of the batch arrives with a uuid that is not one. */
    private static final class OneBrokenRecord implements UserSource {
        private final UserSource source;

        OneBrokenRecord(UserSource source) {
            this.source = source;
        }

        @Override
        public FetchStats fetch(FetchRequest request, Consumer<RawRecord> records) {
            return source.fetch(request, r -> records.accept(r.origin().index() != 1 ? r
                    : new RawRecord(r.payload().replaceFirst("\"uuid\":\"[0-9a-f-]{36}\"", "\"uuid\":\"not-a-uuid\""), r.origin())));
        }

        @Override
        public Map<String, String> parameters(FetchRequest request) {
            return source.parameters(request);
        }
    }
}

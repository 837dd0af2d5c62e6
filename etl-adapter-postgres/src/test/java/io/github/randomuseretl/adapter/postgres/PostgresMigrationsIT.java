package io.github.randomuseretl.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.model.RejectionReason;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.model.User;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.port.QuarantinedRecord;
import io.github.randomuseretl.core.port.SchemaNotMigratedException;
import io.github.randomuseretl.core.port.SlotClaim;
import io.github.randomuseretl.core.run.RunRequest;
import io.github.randomuseretl.core.testing.Batch;
import io.github.randomuseretl.core.testing.MutableClock;
import io.github.randomuseretl.core.testing.TestDatabase;
import io.github.randomuseretl.core.testing.TestUsers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Flyway schema: where it goes, what the database itself enforces, what the views answer. */
class PostgresMigrationsIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:05:00Z"));

    @Test
    void aSchemaNamedByAReservedWordIsMigratedLoadedQueriedAndPruned() {
        // "order" is reserved in SQL: every statement must quote it (JDBI's <schema>, Flyway's ${schema}, COPY, the views).
        try (PostgresDatabase db = PostgresDatabase.pooled(Pg.settings(DB, "order"))) {
            List<Integer> versions = Pg.migrationVersions();
            assertEquals(Integer.toString(versions.get(versions.size() - 1)), new PostgresMigrations(db).migrate().version());
            PostgresUserSink sink = new PostgresUserSink(db, clock);
            RunRequest request = Pg.request("reserved", Slot.parse("2026-03-01T10:04Z"), clock.instant(), Duration.ofSeconds(50));
            Validation.Rejected rejected = new Validation.Rejected(new io.github.randomuseretl.core.model.RawRecord("{\"email\":\"x\"}",
                    new io.github.randomuseretl.core.model.RawRecord.Origin("test", 1, 0)), List.of(new RejectionReason("/email", "is bad")));
            Pg.writeAll(sink, request, new Batch(List.of(TestUsers.user(1), TestUsers.user(2)), List.of(rejected)), clock.instant());
            assertEquals(2, Pg.count(DB, "SELECT count(*) FROM \"order\".users"));
            assertEquals(2, Pg.count(DB, "SELECT sum(users) FROM \"order\".users_by_nationality"));
            assertEquals(1, Pg.count(DB, "SELECT count(*) FROM \"order\".quarantine_reasons WHERE pointer = '/email'"));
            // The star schema's procedure and trigger (PL/pgSQL, whose statements are parsed when first run) quote it too.
            assertEquals("dim_user=2 fact_registration=2 fact_run=1", new StarSchema(DB, "\"order\"").counts());
            PostgresOperations ops = new PostgresOperations(db, clock);
            assertEquals(1, ops.latestRuns(10).size());
            assertEquals(1, ops.quarantined(10).size());
            clock.advance(Duration.ofDays(40));
            assertEquals(new PostgresOperations.Pruned(1, 1), ops.prune());
            Pg.execute(DB, "CALL \"order\".warehouse_sync()");
            assertEquals("dim_user=2 fact_registration=2 fact_run=1", new StarSchema(DB, "\"order\"").counts(), "prune and sync keep it");
        }
    }

    @Test
    void version6KeepsWhatEarlierQuarantineRowsHadAsBytesWithTheirDigest() throws SQLException {
        String schema = Pg.freshSchema("v6");
        org.flywaydb.core.Flyway.configure(PostgresMigrations.class.getClassLoader())
                .dataSource(DB.jdbcUrl(), DB.user(), DB.password()).schemas(schema).defaultSchema(schema).createSchemas(true)
                .locations(PostgresMigrations.LOCATION).placeholders(Map.of("schema", "\"" + schema + "\"")).target("4")
                .load().migrate();
        String run = "'6f1b6c36-0000-4000-8000-000000000001'";
        Pg.execute(DB, "INSERT INTO " + schema + ".etl_runs (run_id, pipeline, slot, trigger, attempt, status, started_at, deadline) VALUES ("
                + run + ", 'p', now(), 'manual', 1, 'running', now(), now() + interval '1 minute')");
        for (String[] row : new String[][] {{"json", "'{\"a\": 1}'"}, {"text", "to_jsonb('not {json'::text)"},
                {"base64", "to_jsonb('YWJjAGRlZg=='::text)"}}) {
            Pg.execute(DB, "INSERT INTO " + schema + ".quarantine (run_id, quarantined_at, origin, raw_format, raw, reasons) VALUES ("
                    + run + ", now(), 'o', '" + row[0] + "', " + row[1] + ", '[]')");
        }
        try (PostgresDatabase db = PostgresDatabase.pooled(Pg.settings(DB, schema))) {
            List<Integer> versions = Pg.migrationVersions();
            assertEquals(new PostgresMigrations.Result((int) versions.stream().filter(v -> v > 4).count(),
                    Integer.toString(versions.get(versions.size() - 1))), new PostgresMigrations(db).migrate());
            List<QuarantinedRecord> rows = new PostgresOperations(db, clock).quarantined(10);
            assertEquals(List.of("abc\0def", "not {json", "{\"a\": 1}"), rows.stream().map(QuarantinedRecord::payload).toList(),
                    "what each row had, NUL included");
        }
        assertEquals("received|t|f,received|t|f,normalised|t|t", Pg.text(DB, "SELECT string_agg(concat_ws('|', raw_format, "
                + "raw_sha256 = sha256(raw_bytes), raw IS NOT NULL), ',' ORDER BY id DESC) FROM " + schema + ".quarantine"));
    }

    @Test
    void migratesIntoTheConfiguredSchemaOnlyAndASecondRunDoesNothing() {
        String schema = Pg.freshSchema("mig");
        List<Integer> versions = Pg.migrationVersions();
        String latest = Integer.toString(versions.get(versions.size() - 1));
        try (PostgresDatabase db = PostgresDatabase.pooled(Pg.settings(DB, schema))) {
            assertEquals(new PostgresMigrations.Result(versions.size(), latest), new PostgresMigrations(db).migrate());
            assertEquals(new PostgresMigrations.Result(0, latest), new PostgresMigrations(db).migrate());
        }
        assertEquals("dim_date,dim_nationality,dim_user,etl_runs,fact_registration,fact_run,flyway_schema_history,quarantine,users,"
                + "users_history,users_stage",
                Pg.text(DB, "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = '"
                        + schema + "' AND table_type = 'BASE TABLE'"));
        assertEquals("quarantine_reasons,quarantine_reasons_per_day,run_health_per_hour,signups_per_day,users_by_age,users_by_country,"
                + "users_by_nationality", Pg.text(DB, "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.views "
                        + "WHERE table_schema = '" + schema + "'"));
        assertEquals(0, Pg.count(DB, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"));
        assertEquals("u", Pg.text(DB, "SELECT relpersistence FROM pg_class WHERE oid = '" + schema + ".users_stage'::regclass"),
                "staging is never WAL-logged");
    }

    @Test
    void aSchemaNeverMigratedOrBehindThisProgramIsRefusedInOneLineNamingMigrate() throws SQLException {
        String schema = Pg.freshSchema("mig");
        List<Integer> versions = Pg.migrationVersions();
        String latest = Integer.toString(versions.get(versions.size() - 1));
        String previous = Integer.toString(versions.get(versions.size() - 2));
        try (PostgresDatabase db = PostgresDatabase.pooled(Pg.settings(DB, schema))) {
            PostgresMigrations migrations = new PostgresMigrations(db);
            assertEquals(new PostgresMigrations.Status.NotMigrated(latest), migrations.status());
            SchemaNotMigratedException never = assertThrows(SchemaNotMigratedException.class, migrations::requireCurrent);
            assertEquals("schema " + schema + " in " + db.settings().hostAndDatabase() + " is not migrated: run the migrate command "
                    + "(randomuser-etl migrate) first, with the same database settings", never.getMessage());
            assertEquals(0, Pg.count(DB, "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + schema + "'"),
                    "checking creates nothing");

            migrations.migrate();
            assertEquals(new PostgresMigrations.Status.Current(latest), migrations.status());
            migrations.requireCurrent();

            // As if this jar were newer than the last migrate: its newest script is not in the history.
            try (Connection c = DB.connect(); Statement st = c.createStatement()) {
                st.execute("DELETE FROM " + schema + ".flyway_schema_history WHERE version = '" + latest + "'");
            }
            assertEquals(new PostgresMigrations.Status.Behind(previous, latest), migrations.status());
            SchemaNotMigratedException behind = assertThrows(SchemaNotMigratedException.class, migrations::requireCurrent);
            assertTrue(behind.getMessage().contains("is at version " + previous + " but this program needs version " + latest
                    + ": run the migrate command"), behind.getMessage());
        }
    }

    @Test
    void theHistoryShowsTheSchemaCurrentOnlyWhenItsNewestMigrationIsThisProgramsAndSucceeded() throws SQLException {
        String schema = Pg.freshSchema("hist");
        List<Integer> versions = Pg.migrationVersions();
        String latest = Integer.toString(versions.get(versions.size() - 1));
        String history = schema + ".flyway_schema_history";
        try (PostgresDatabase db = PostgresDatabase.singleConnection(Pg.settings(DB, schema))) {
            PostgresMigrations migrations = new PostgresMigrations(db);
            assertFalse(migrations.isCurrentByHistory(), "no schema yet: Flyway must create it");
            assertEquals(0, Pg.count(DB, "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + schema + "'"),
                    "checking creates nothing");

            migrations.migrate();
            assertTrue(migrations.isCurrentByHistory());
            assertEquals(1, Pg.count(DB, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE "
                    + "'%" + schema + "%flyway_schema_history%' AND state = 'idle'"), "the query ran on the database's own connection, which stays open");

            // The newest migration failed: Flyway must see it (and refuse until repaired), not the check.
            Pg.execute(DB, "UPDATE " + history + " SET success = false WHERE version = '" + latest + "'");
            assertFalse(migrations.isCurrentByHistory());
            Pg.execute(DB, "UPDATE " + history + " SET success = true WHERE version = '" + latest + "'");

            // A schema migrated by a newer program: Flyway decides (it ignores future migrations).
            Pg.execute(DB, "INSERT INTO " + history + " (installed_rank, version, description, type, script, installed_by, "
                    + "execution_time, success) SELECT max(installed_rank) + 1, '" + (versions.get(versions.size() - 1) + 1)
                    + "', 'future', 'SQL', 'V_future.sql', 'test', 0, true FROM " + history);
            assertFalse(migrations.isCurrentByHistory());
            Pg.execute(DB, "DELETE FROM " + history + " WHERE description = 'future'");
            assertTrue(migrations.isCurrentByHistory());

            // As if this jar were newer than the last migrate: its newest script is pending.
            Pg.execute(DB, "DELETE FROM " + history + " WHERE version = '" + latest + "'");
            assertFalse(migrations.isCurrentByHistory());
        }
    }

    @Test
    void theDatabaseAllowsOneCurrentVersionPerUserAndKeepsCurrentAndValidToConsistent() throws SQLException {
        String schema = Pg.freshSchema("mig");
        try (PostgresDatabase db = PostgresDatabase.pooled(Pg.settings(DB, schema))) {
            new PostgresMigrations(db).migrate();
        }
        String insert = "INSERT INTO " + schema + ".users_history SELECT '" + TestUsers.user(1).uuid() + "', now(), %s, %s, gen_random_uuid(), "
                + "'u', '', 'A', 'B', 'female', 'a@b', now(), now(), '', '', 1, 'S', 'C', '', NULL, '1', 0, 0, '+00:00', '', '', NULL, "
                + "'https://x/l', 'https://x/m', 'https://x/t', 'DE', NULL, NULL, '\\x00'";
        try (Connection c = DB.connect(); Statement st = c.createStatement()) {
            st.execute(String.format(insert, "NULL", "true"));
            assertEquals("23505", assertThrows(SQLException.class, () -> st.execute(String.format(insert, "NULL", "true"))).getSQLState(),
                    "a second current version");
            assertEquals("23514", assertThrows(SQLException.class, () -> st.execute(String.format(insert, "NULL", "false"))).getSQLState(),
                    "not current but no valid_to");
            st.execute(String.format(insert, "now()", "false"));
        }
    }

    @Test
    void theDatabaseAcceptsLeftOutPartsButOnlyWholeAndStillChecksPresentValues() throws SQLException {
        String schema = Pg.freshSchema("mig");
        try (PostgresDatabase db = PostgresDatabase.pooled(Pg.settings(DB, schema))) {
            new PostgresMigrations(db).migrate();
        }
        // Only the columns a user always has, plus whatever %s adds.
        String insert = "INSERT INTO " + schema + ".users (uuid, username, title, first_name, last_name, email, nationality, first_seen_at, "
                + "last_seen_at, last_run_id, row_hash%s) VALUES (gen_random_uuid(), 'u', '', 'A', 'B', 'a@b', 'DE', now(), now(), "
                + "gen_random_uuid(), '\\x00'%s)";
        String location = ", street_number, street_name, city, state, postcode, latitude, longitude, tz_offset, tz_description";
        String place = ", 1, 'S', 'C', '', '1', 0, 0, '+00:00', ''";
        try (Connection c = DB.connect(); Statement st = c.createStatement()) {
            st.execute(String.format(insert, "", ""));
            st.execute(String.format(insert, location, place));
            st.execute(String.format(insert, location + ", country", place + ", 'Germany'"));
            st.execute(String.format(insert, ", national_id_name", ", ''"));
            st.execute(String.format(insert, ", picture_large, picture_medium, picture_thumbnail", ", 'https://x/l', 'https://x/m', 'https://x/t'"));
            st.execute(String.format(insert, ", gender, phone", ", 'male', ''"));
            assertEquals(6, Pg.count(DB, "SELECT count(*) FROM " + schema + ".users"));

            Map<String, String[]> refused = new LinkedHashMap<>();
            refused.put("half a location", new String[] {", street_name, city", ", 'S', 'C'"});
            refused.put("a location without coordinates", new String[] {location.replace(", latitude, longitude", ""),
                place.replace(", 0, 0", "")});
            refused.put("a country without a location", new String[] {", country", ", 'Germany'"});
            refused.put("a national id value without its name", new String[] {", national_id_value", ", '123'"});
            refused.put("one picture of three", new String[] {", picture_large", ", 'https://x/l'"});
            refused.put("a gender the source does not send", new String[] {", gender", ", 'other'"});
            refused.put("a latitude off the globe", new String[] {location, place.replace(", 0, 0", ", 91, 0")});
            refused.put("a negative street number", new String[] {location, place.replace(", 1, 'S'", ", -1, 'S'")});
            for (Map.Entry<String, String[]> e : refused.entrySet()) {
                String sql = String.format(insert, e.getValue()[0], e.getValue()[1]);
                assertEquals("23514", assertThrows(SQLException.class, () -> st.execute(sql), e.getKey()).getSQLState(), e.getKey());
            }
        }
    }

    @Test
    void viewsAnswerTheDashboardsQuestions() {
        String schema = Pg.freshSchema("views");
        try (PostgresDatabase db = PostgresDatabase.pooled(Pg.settings(DB, schema))) {
            new PostgresMigrations(db).migrate();
            PostgresUserSink sink = new PostgresUserSink(db, clock);
            List<User> germans = SampleUsers.users(1, 5); // born 1990-05-17, Germany, DE; all six registered 2015-01-02
            User lego = SampleUsers.lego(99);             // no country, born 1950
            User narrow = SampleUsers.narrow(100);        // no location, no dates
            List<User> batch = new ArrayList<>(germans);
            batch.add(lego);
            batch.add(narrow);
            Validation.Rejected bad = new Validation.Rejected(TestUsers.raw(0, "{}"),
                    List.of(new RejectionReason("/email", "is required"), new RejectionReason("/login/uuid", "is required")));
            Pg.writeAll(sink, request("2026-03-01T10:00Z"), new Batch(batch, List.of(bad)), clock.instant());
            Pg.writeAll(sink, request("2026-03-01T10:01Z"), new Batch(List.of(), List.of(bad)), clock.instant());
            Pg.writeAll(sink, request("2026-03-01T10:02Z"), new Batch(List.of(), List.of()), clock.instant());
            RunRequest failing = request("2026-03-01T10:03Z");
            SlotClaim.Claimed c = Pg.claimed(sink.claim(failing));
            c.load().fail(Pg.failed(c, failing, "source: timeout", clock.instant()));
        }

        assertEquals("(no country)=1;(unknown)=1;Germany=5", Pg.text(DB, "SELECT string_agg(country || '=' || users, ';' ORDER BY country "
                + "COLLATE \"C\") FROM " + schema + ".users_by_country"), "LEGO has no country; the narrow user's location was left out");
        assertEquals("DE=6;LEGO=1", Pg.text(DB, "SELECT string_agg(nationality || '=' || users, ';' ORDER BY nationality) FROM "
                + schema + ".users_by_nationality"));
        assertEquals("2015-01-02=6", Pg.text(DB, "SELECT string_agg(day || '=' || users, ';' ORDER BY day) FROM " + schema
                + ".signups_per_day WHERE day = '2015-01-02'"));
        assertEquals("30-39=5", Pg.text(DB, "SELECT string_agg(age_from || '-' || age_to || '=' || users, ';') FROM " + schema
                + ".users_by_age WHERE age_from = 30"), "born 1990-05-17: in their thirties until 2030");
        assertEquals("70-79=1", Pg.text(DB, "SELECT string_agg(age_from || '-' || age_to || '=' || users, ';') FROM " + schema
                + ".users_by_age WHERE age_from = 70"), "born 1950-01-01: in their seventies until 2030");
        assertEquals(6, Pg.count(DB, "SELECT sum(users) FROM " + schema + ".users_by_age"), "the narrow user has no age");
        assertEquals(0, Pg.count(DB, "SELECT count(*) FROM " + schema + ".users_by_age WHERE age_from IS NULL OR age_to IS NULL"));
        assertEquals(6, Pg.count(DB, "SELECT sum(users) FROM " + schema + ".signups_per_day"), "the narrow user has no sign-up day");
        assertEquals(0, Pg.count(DB, "SELECT count(*) FROM " + schema + ".signups_per_day WHERE day IS NULL"));
        assertEquals("2026-03-01 10:00:00+00|randomuser|4|3|1|0|7|2|20", Pg.text(DB, "SELECT concat_ws('|', hour AT TIME ZONE 'UTC' || '+00', pipeline, "
                + "runs, succeeded, failed, abandoned, inserted, rejected, p95_duration_ms) FROM " + schema + ".run_health_per_hour"));
        assertEquals("/email=2;/login/uuid=2", Pg.text(DB, "SELECT string_agg(pointer || '=' || records, ';' ORDER BY pointer) FROM " + schema
                + ".quarantine_reasons_per_day"));
        assertEquals(4, Pg.count(DB, "SELECT count(*) FROM " + schema + ".quarantine_reasons WHERE NOT replayed"));
    }

    private RunRequest request(String slot) {
        return Pg.request("randomuser", Slot.parse(slot), clock.instant(), Duration.ofSeconds(50));
    }
}

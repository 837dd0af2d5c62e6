package io.github.randomuseretl.runner.scheduler.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test's Grafana expansion gives what Grafana's PostgreSQL data source sends, and refuses what it does not know. */
class GrafanaMacrosTest {

    private final GrafanaMacros macros = new GrafanaMacros(Map.of("schema", "etl"),
            Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T01:00:00Z"));

    @Test
    void expandsTheTimeMacrosAsGrafanasPostgresDataSourceDoes() {
        assertEquals("SELECT floor(extract(epoch from started_at)/60)*60 AS \"time\", count(*) FROM etl.etl_runs "
                        + "WHERE started_at BETWEEN '2026-01-01T00:00:00Z' AND '2026-01-01T01:00:00Z' GROUP BY 1",
                macros.expand("SELECT $__timeGroupAlias(started_at, '1m'), count(*) FROM ${schema}.etl_runs "
                        + "WHERE $__timeFilter(started_at) GROUP BY 1"));
        assertEquals("floor(extract(epoch from t)/3600)*3600", macros.expand("$__timeGroup(t,'1h')"));
        assertEquals("floor(extract(epoch from t)/0.5)*0.5 AS \"time\", x", macros.expand("$__timeGroup(t, '500ms'), x"),
                "pre-5.3 use: a comma right after $__timeGroup adds the alias");
        assertEquals("'2026-01-01T00:00:00Z' '2026-01-01T01:00:00Z'", macros.expand("$__timeFrom() $__timeTo()"));
        assertEquals("t AS \"time\" extract(epoch from t) as \"time\"", macros.expand("$__time(t) $__timeEpoch(t)"));
    }

    @Test
    void expandsEverySpellingOfADashboardVariable() {
        assertEquals("etl.a etl.b etl.c etl.d", macros.expand("$schema.a ${schema}.b [[schema]].c ${schema:raw}.d"));
    }

    @Test
    void refusesWhatItDoesNotKnowRatherThanLettingItThrough() {
        for (String sql : new String[] {"$__unixEpochGroup(t, '1m')", "$__interval", "${other}.t", "$other", "[[x]]",
                "$__timeGroup(t, '1m', NULL)", "$__timeGroup(t, '1M')", "${schema:csv}"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> macros.expand(sql), sql);
            assertTrue(e.getMessage().contains("this test") || e.getMessage().contains("no value"), e.getMessage());
        }
    }
}

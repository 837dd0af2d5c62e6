package io.github.randomuseretl.runner.scheduler.e2e;

import io.github.randomuseretl.core.testing.FakeRandomUserApi;
import io.github.randomuseretl.core.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** Settings that point the jar at a test database and the fake randomuser.me API, and reads of its HTTP endpoints. */
final class E2e {

    /** Users per run in these tests: small, so runs are quick, yet more than one page of nothing. */
    static final int USERS_PER_RUN = 20;

    private E2e() {
    }

    static Map<String, String> env(TestDatabase db, FakeRandomUserApi api) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ETL_DB_URL", db.jdbcUrl());
        env.put("ETL_DB_USER", db.user());
        if (!db.password().isEmpty()) {
            env.put("ETL_DB_PASSWORD", db.password());
        }
        env.put("ETL_SOURCE_URL", api.baseUrl());
        env.put("ETL_USERS_PER_RUN", Integer.toString(USERS_PER_RUN));
        env.put("ETL_HTTP_PORT", "0");
        env.put("ETL_DB_POOL_SIZE", "2");
        return env;
    }

    /** @return the process's Prometheus page, empty while nothing answers on the port */
    static String metrics(int port) {
        HttpResponse<String> r = JarProcess.get(port, "/metrics");
        return r == null ? "" : r.body();
    }

    /** @return a slot as the command line takes it, e.g. {@code 2026-01-01T00:00Z} */
    static String slot(java.time.Instant start) {
        return io.github.randomuseretl.core.model.Slot.containing(start).toString();
    }

    /** @return the start of the current minute, minus {@code minutes} */
    static java.time.Instant minutesAgo(int minutes) {
        return io.github.randomuseretl.core.model.Slot.containing(java.time.Instant.now()).start().minusSeconds(60L * minutes);
    }

    /**
     * @param env a jar's settings
     * @param app the session name the jar's database connections carry, to tell replicas apart in pg_stat_activity
     */
    static void applicationName(Map<String, String> env, String app) {
        String url = env.get("ETL_DB_URL");
        env.put("ETL_DB_URL", url + (url.contains("?") ? "&" : "?") + "ApplicationName=" + app);
    }

    /** @return the HTTP status of a GET, -1 while nothing answers on the port */
    static int status(int port, String path) {
        HttpResponse<String> r = JarProcess.get(port, path);
        return r == null ? -1 : r.statusCode();
    }
}

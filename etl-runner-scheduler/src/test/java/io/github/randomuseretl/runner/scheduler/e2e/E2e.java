package io.github.randomuseretl.runner.scheduler.e2e;

import io.github.randomuseretl.core.testing.FakeRandomUserApi;
import io.github.randomuseretl.core.testing.TestDatabase;
import java.util.LinkedHashMap;
import java.util.Map;

/** Settings that point the jar at a test database and the fake randomuser.me API. */
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
}

package io.github.randomuseretl.adapter.postgres;

import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * What a write does for the star schema ({@code V8__star_schema.sql}). The sink always keeps it; the
 * other strategy exists only so that {@code LoadThroughputBenchmark} can measure what keeping it costs,
 * in the same run. It is not a setting: the dashboards read the star schema, and a process that skipped
 * it would leave it silently behind for every other process on the database.
 */
enum Warehouse {

    /** Calls the data warehouse procedure in the write transaction. */
    KEPT {
        @Override
        void follow(Handle h, UUID runId) {
            h.attach(WarehouseDao.class).loadRun(runId);
        }
    },

    /** Leaves dim_user, dim_date, dim_nationality and fact_registration alone (fact_run still follows, by trigger). */
    SKIPPED {
        @Override
        void follow(Handle h, UUID runId) {
            // nothing: measuring the load without the star schema
        }
    };

    /**
     * @param h     the write transaction, after the run's users and history are written
     * @param runId the run
     */
    abstract void follow(Handle h, UUID runId);
}

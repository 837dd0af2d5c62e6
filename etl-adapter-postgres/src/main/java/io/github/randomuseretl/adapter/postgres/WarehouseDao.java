package io.github.randomuseretl.adapter.postgres;

import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The star schema's statement; SQL in {@code WarehouseDao/*.sql}, the logic in {@code V8__star_schema.sql}. */
@UseClasspathSqlLocator
interface WarehouseDao {

    /**
     * Brings dim_user, dim_nationality, dim_date and fact_registration in step with what the run wrote
     * to users and users_history, in the caller's transaction.
     */
    @SqlUpdate
    void loadRun(@Bind("runId") UUID runId);
}

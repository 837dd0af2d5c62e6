package io.github.randomuseretl.adapter.postgres;

import java.util.Optional;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Reads Flyway's history without Flyway; SQL in {@code MigrationHistoryDao/*.sql} beside this class. */
@UseClasspathSqlLocator
interface MigrationHistoryDao {

    /** The newest versioned migration of the history, if it succeeded; empty if it failed or there is none. */
    @SqlQuery
    Optional<String> newestApplied();
}

/**
 * A PostgreSQL server kept in a local data directory ({@code ETL_DATA_DIR}), started from binaries that
 * come in a jar from Maven Central: the scheduler's database when no {@code ETL_DB_URL} is set, so the
 * job runs on a machine with nothing but a JDK. It hands the runner a JDBC URL and knows nothing of the
 * schema; the PostgreSQL adapter does the rest over that URL.
 */
package io.github.randomuseretl.adapter.postgresembedded;

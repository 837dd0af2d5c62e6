/**
 * The PostgreSQL sink: a {@link io.github.randomuseretl.core.port.UserSink} that loads each batch in one
 * transaction (COPY into staging, set-based upsert, SCD type 2 history, quarantine, run ledger), the
 * Flyway migrations that own the schema, the two connection modes the runners need (a HikariCP pool
 * for the scheduler, one lazily opened connection for AWS Lambda) and the operations an operator runs
 * (recent runs, quarantine listing and replay, pruning, health). Rows, mappers and DAOs are
 * package-private; SQL lives in Flyway scripts and in {@code .sql} files beside the DAOs.
 */
package io.github.randomuseretl.adapter.postgres;

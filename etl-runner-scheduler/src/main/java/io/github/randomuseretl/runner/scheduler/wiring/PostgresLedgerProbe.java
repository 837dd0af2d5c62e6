package io.github.randomuseretl.runner.scheduler.wiring;

import io.github.randomuseretl.adapter.postgres.PostgresOperations;
import io.github.randomuseretl.runner.scheduler.observe.LedgerProbe;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Readiness's view of PostgreSQL: a {@code SELECT 1} and the pipeline's last success from the ledger. */
final class PostgresLedgerProbe implements LedgerProbe {

    private final DatabaseHandle database;
    private final String pipeline;
    private final Clock clock;

    PostgresLedgerProbe(DatabaseHandle database, String pipeline, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void ping() {
        database.open().check();
    }

    @Override
    public Optional<String> schemaProblem() {
        return database.schemaProblem();
    }

    @Override
    public Optional<Instant> lastSuccessAt() {
        return new PostgresOperations(database.get(), clock).lastSuccessAt(pipeline);
    }
}

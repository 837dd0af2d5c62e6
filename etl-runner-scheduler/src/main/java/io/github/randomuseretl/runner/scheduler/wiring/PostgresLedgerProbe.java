package io.github.randomuseretl.runner.scheduler.wiring;

import io.github.randomuseretl.adapter.postgres.PostgresOperations;
import io.github.randomuseretl.core.catchup.CatchUpPlanner;
import io.github.randomuseretl.core.catchup.CatchUpSettings;
import io.github.randomuseretl.core.catchup.Gap;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.runner.scheduler.observe.LedgerProbe;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Readiness's view of PostgreSQL: a {@code SELECT 1}, the pipeline's last success and its missing slots, from the ledger. */
final class PostgresLedgerProbe implements LedgerProbe {

    private final DatabaseHandle database;
    private final String pipeline;
    private final CatchUpSettings catchUp;
    private final Clock clock;

    PostgresLedgerProbe(DatabaseHandle database, String pipeline, CatchUpSettings catchUp, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.catchUp = Objects.requireNonNull(catchUp, "catchUp");
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
        return operations().lastSuccessAt(pipeline);
    }

    @Override
    public List<Gap> missingSlots() {
        return new CatchUpPlanner(operations(), pipeline, catchUp).missing(Slot.containing(clock.instant()));
    }

    private PostgresOperations operations() {
        return new PostgresOperations(database.get(), clock);
    }
}

package io.github.randomuseretl.core.testing;

import io.github.randomuseretl.core.port.RunLedger;
import io.github.randomuseretl.core.port.SlotClaim;
import io.github.randomuseretl.core.port.UserSink;
import java.util.Set;
import java.util.UUID;

/** The in-memory fake keeps the same contract as the PostgreSQL sink. */
class InMemoryUserSinkTest extends UserSinkContract {

    private final MutableClock clock = new MutableClock(START);
    private final InMemoryUserSink sink = new InMemoryUserSink(clock);

    @Override
    protected UserSink sink() {
        return sink;
    }

    @Override
    protected RunLedger ledger() {
        return sink;
    }

    @Override
    protected MutableClock clock() {
        return clock;
    }

    @Override
    protected void holderDies(SlotClaim.Claimed claimed) {
        sink.holderDies(claimed.runId());
    }

    @Override
    protected Set<UUID> storedUsers() {
        return sink.users().keySet();
    }
}

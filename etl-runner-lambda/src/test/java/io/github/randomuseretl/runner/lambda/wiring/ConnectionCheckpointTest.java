package io.github.randomuseretl.runner.lambda.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConnectionCheckpointTest {

    @Test
    void closesTheConnectionsBeforeTheSnapshotAndOpensNothingOnRestore() {
        AtomicInteger closed = new AtomicInteger();
        ConnectionCheckpoint checkpoint = new ConnectionCheckpoint(closed::incrementAndGet);

        checkpoint.beforeCheckpoint(null);
        assertEquals(1, closed.get());

        checkpoint.afterRestore(null);
        assertEquals(1, closed.get(), "restore leaves reopening to the first use");
    }
}

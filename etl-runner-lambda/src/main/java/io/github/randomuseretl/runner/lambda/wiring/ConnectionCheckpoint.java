package io.github.randomuseretl.runner.lambda.wiring;

import java.util.Objects;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CRaC hook for SnapStart. A snapshot taken with an open database connection would be restored
 * into many containers at once, all sharing one socket the server has long closed, so the connection
 * is closed before the checkpoint; after restore nothing is opened: the next invocation opens a fresh
 * connection lazily, as a cold start would.
 *
 * <p>Registered with {@code org.crac.Core.getGlobalContext()}, which holds resources weakly: the
 * container keeps a strong reference for as long as it lives.
 */
public final class ConnectionCheckpoint implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionCheckpoint.class);

    private final Runnable closeConnections;

    /**
     * @param closeConnections closes every open database connection; the database reopens lazily
     */
    ConnectionCheckpoint(Runnable closeConnections) {
        this.closeConnections = Objects.requireNonNull(closeConnections, "closeConnections");
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        closeConnections.run();
        LOG.info("checkpoint: database connections closed; they reopen on first use after restore");
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        LOG.info("restored from snapshot: the database connection opens on first use");
    }
}

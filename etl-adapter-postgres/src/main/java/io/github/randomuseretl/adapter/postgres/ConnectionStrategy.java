package io.github.randomuseretl.adapter.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * How a {@link PostgresDatabase} holds its connections: {@link PooledConnections} for a long-running
 * process, {@link SingleConnection} for AWS Lambda. The database keeps what both share (settings, the
 * JDBI handle, the closed state, error texts); a strategy only opens, evicts and drops connections.
 * Implementations are thread-safe.
 */
sealed interface ConnectionStrategy permits PooledConnections, SingleConnection {

    /**
     * @return a connection, opening what is needed first (a pool, the one connection); closing it
     *         returns it for reuse
     * @throws SQLException if no connection can be had
     */
    Connection getConnection() throws SQLException;

    /**
     * Closes a connection for good instead of returning it for reuse: it may hold session state (a
     * run's lease) that could not be cleared.
     *
     * @param connection a connection this strategy handed out, in use
     * @throws SQLException if closing failed (the connection is unusable either way)
     */
    void evict(Connection connection) throws SQLException;

    /** Closes every physical connection; the next {@link #getConnection()} opens new ones. */
    void closeAll();

    /** @return what kind of connections, for {@link PostgresDatabase#describe()} */
    String describe();
}

package io.github.randomuseretl.adapter.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * One connection, opened on first use and checked before every use, reopened if the server dropped
 * it ({@link SingleConnectionDataSource}); for AWS Lambda, which handles one invocation at a time.
 */
final class SingleConnection implements ConnectionStrategy {

    /** How long a second user waits for the one connection before giving up. */
    static final Duration LEASE_WAIT = Duration.ofSeconds(30);

    private final SingleConnectionDataSource.Opener opener;
    private SingleConnectionDataSource source;

    SingleConnection(SingleConnectionDataSource.Opener opener) {
        this.opener = opener;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return source().getConnection();
    }

    @Override
    public void evict(Connection connection) throws SQLException {
        SingleConnectionDataSource s;
        synchronized (this) {
            s = source;
        }
        if (s != null) {
            s.evict(connection);
        } else {
            connection.close();
        }
    }

    @Override
    public void closeAll() {
        SingleConnectionDataSource old;
        synchronized (this) {
            old = source;
            source = null;
        }
        if (old != null) {
            old.close();
        }
    }

    @Override
    public String describe() {
        return "single connection";
    }

    private synchronized SingleConnectionDataSource source() {
        if (source == null) {
            source = new SingleConnectionDataSource(opener, LEASE_WAIT);
        }
        return source;
    }
}

package io.github.randomuseretl.adapter.postgres;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One physical connection, opened on first use, checked with {@link Connection#isValid} before each
 * lease and reopened if the server dropped it. For AWS Lambda, which handles one invocation at a time
 * and behind RDS Proxy should hold no more than one connection per container.
 *
 * <p>Leases are exclusive: a second {@link #getConnection()} waits until the first lease is closed, so
 * two threads never share a session. Closing a lease rolls back an open transaction and keeps the
 * physical connection for the next lease.
 */
final class SingleConnectionDataSource extends DataSourceDefaults implements AutoCloseable {

    /** Opens a physical connection. */
    interface Opener {
        Connection open() throws SQLException;
    }

    private static final int VALID_SECONDS = 3;

    private final Opener opener;
    private final Duration leaseWait;
    private final Semaphore lease = new Semaphore(1, true);
    private Connection physical;
    private volatile boolean closed;

    SingleConnectionDataSource(Opener opener, Duration leaseWait) {
        this.opener = opener;
        this.leaseWait = leaseWait;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (closed) {
            throw new SQLException("the database connection is closed", "08003");
        }
        try {
            if (!lease.tryAcquire(leaseWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SQLException("the single database connection stayed in use for " + leaseWait.toSeconds() + " s", "08004");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the database connection", "08004", e);
        }
        try {
            if (closed) {
                throw new SQLException("the database connection is closed", "08003");
            }
            if (physical == null || !isValid(physical)) {
                closeQuietly(physical);
                physical = null;
                physical = opener.open();
            }
            return leaseOf(physical);
        } catch (SQLException | RuntimeException e) {
            lease.release();
            throw e;
        }
    }

    /** Closes the physical connection; the next lease opens a new one. Waits for a lease in use. */
    void closePhysical() {
        boolean acquired = false;
        try {
            acquired = lease.tryAcquire(leaseWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            closeQuietly(physical);
            physical = null;
        } finally {
            if (acquired) {
                lease.release();
            }
        }
    }

    /**
     * Ends a lease and closes its physical connection instead of keeping it: it may hold session state
     * (a session lock) that could not be cleared. The next lease opens a new connection.
     *
     * @param leased a connection this data source handed out
     */
    void evict(Connection leased) {
        closeQuietly(physical);
        physical = null;
        try {
            leased.close();
        } catch (SQLException | RuntimeException e) {
            // The lease is released whatever happened to the connection.
        }
    }

    @Override
    public void close() {
        closed = true;
        closePhysical();
    }

    private static boolean isValid(Connection c) {
        try {
            return !c.isClosed() && c.isValid(VALID_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            // Already broken; nothing to keep.
        }
    }

    private Connection leaseOf(Connection target) {
        AtomicBoolean released = new AtomicBoolean();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close":
                            if (released.compareAndSet(false, true)) {
                                release(target);
                            }
                            return null;
                        case "isClosed":
                            return released.get() || target.isClosed();
                        case "equals":
                            return proxy == args[0];
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "toString":
                            return "SingleConnectionLease[" + (released.get() ? "closed" : "open") + "]";
                        default:
                            break;
                    }
                    if (released.get()) {
                        throw new SQLException("this connection lease is closed", "08003");
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Leaves no transaction open behind a lease; drops the connection if it cannot be reset. */
    private void release(Connection target) {
        try {
            if (!target.isClosed() && !target.getAutoCommit()) {
                target.rollback();
                target.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            closeQuietly(target);
            physical = null;
        } finally {
            lease.release();
        }
    }
}

package io.github.randomuseretl.adapter.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A HikariCP pool of at most {@link PostgresSettings#poolSize()} connections, made on first use and
 * again after {@link #closeAll()}; its statistics can go to a metrics library through HikariCP's own
 * {@link MetricsTrackerFactory}.
 */
final class PooledConnections implements ConnectionStrategy {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final PostgresSettings settings;
    private final Properties driverProperties;
    /** Where the pool reports its statistics, or {@code null}. */
    private final MetricsTrackerFactory poolMetrics;
    private HikariDataSource pool;

    PooledConnections(PostgresSettings settings, Properties driverProperties, MetricsTrackerFactory poolMetrics) {
        this.settings = settings;
        this.driverProperties = driverProperties;
        this.poolMetrics = poolMetrics;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool().getConnection();
    }

    @Override
    public void evict(Connection connection) {
        HikariDataSource p;
        synchronized (this) {
            p = pool;
        }
        if (p != null) {
            // Closes the physical connection at once, since the caller owns it.
            p.evictConnection(connection);
        }
    }

    @Override
    public void closeAll() {
        HikariDataSource old;
        synchronized (this) {
            old = pool;
            pool = null;
        }
        if (old != null) {
            old.close();
        }
    }

    @Override
    public String describe() {
        return "pooled";
    }

    private synchronized HikariDataSource pool() {
        if (pool == null) {
            pool = newPool();
        }
        return pool;
    }

    private HikariDataSource newPool() {
        HikariConfig c = new HikariConfig();
        c.setPoolName(PostgresDatabase.APPLICATION_NAME + "-" + POOLS.incrementAndGet());
        c.setDriverClassName("org.postgresql.Driver");
        c.setJdbcUrl(settings.driverUrl());
        c.setUsername(settings.user());
        if (settings.password() != null) {
            c.setPassword(settings.password());
        }
        driverProperties.stringPropertyNames().stream()
                .filter(k -> !k.equals("user") && !k.equals("password"))
                .forEach(k -> c.addDataSourceProperty(k, driverProperties.getProperty(k)));
        c.setMaximumPoolSize(settings.poolSize());
        c.setMinimumIdle(1);
        c.setConnectionTimeout(10_000);
        // pooled() has already connected once; a pool re-made after suspend() connects on first use.
        c.setInitializationFailTimeout(-1);
        if (poolMetrics != null) {
            c.setMetricsTrackerFactory(poolMetrics);
        }
        return new HikariDataSource(c);
    }
}

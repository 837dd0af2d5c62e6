package io.github.randomuseretl.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

class SingleConnectionDataSourceTest {

    private final Deque<Connection> physical = new ArrayDeque<>();
    private int opened;

    private Connection open() {
        opened++;
        Connection c = mock(Connection.class);
        try {
            when(c.isValid(anyInt())).thenReturn(true);
            when(c.getAutoCommit()).thenReturn(true);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        physical.push(c);
        return c;
    }

    private SingleConnectionDataSource source(Duration wait) {
        return new SingleConnectionDataSource(this::open, wait);
    }

    @Test
    void opensNothingUntilAskedThenReusesTheValidConnection() throws SQLException {
        SingleConnectionDataSource ds = source(Duration.ofSeconds(1));
        assertEquals(0, opened);

        ds.getConnection().close();
        ds.getConnection().close();

        assertEquals(1, opened);
        verify(physical.peek(), never()).close();
    }

    @Test
    void replacesAConnectionTheServerDropped() throws SQLException {
        SingleConnectionDataSource ds = source(Duration.ofSeconds(1));
        ds.getConnection().close();
        Connection dropped = physical.peek();
        when(dropped.isValid(anyInt())).thenReturn(false);

        ds.getConnection().close();

        assertEquals(2, opened);
        verify(dropped).close();
    }

    @Test
    void closingALeaseRollsBackAnOpenTransactionAndKeepsTheConnection() throws SQLException {
        SingleConnectionDataSource ds = source(Duration.ofSeconds(1));
        Connection lease = ds.getConnection();
        Connection c = physical.peek();
        when(c.getAutoCommit()).thenReturn(false);

        lease.close();

        verify(c).rollback();
        verify(c).setAutoCommit(true);
        verify(c, never()).close();
        assertTrue(lease.isClosed());
        assertThrows(SQLException.class, lease::createStatement);
    }

    @Test
    void aSecondLeaseWaitsForTheFirstAndGivesUpWithAClearError() throws SQLException {
        SingleConnectionDataSource ds = source(Duration.ofMillis(100));
        Connection first = ds.getConnection();

        SQLException busy = assertThrows(SQLException.class, ds::getConnection);
        assertEquals("08004", busy.getSQLState());

        first.close();
        ds.getConnection().close();
        assertEquals(1, opened);
    }

    @Test
    void closedForGoodClosesTheConnectionAndRefusesLeases() throws SQLException {
        SingleConnectionDataSource ds = source(Duration.ofSeconds(1));
        ds.getConnection().close();

        ds.close();

        verify(physical.peek()).close();
        assertEquals("08003", assertThrows(SQLException.class, ds::getConnection).getSQLState());
    }
}

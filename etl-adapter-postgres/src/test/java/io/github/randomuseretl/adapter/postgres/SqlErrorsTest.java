package io.github.randomuseretl.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {

    @Test
    void describesTheRootCauseOnOneLineWithItsSqlState() {
        SQLException root = new SQLException("Connection to 127.0.0.1:5999 refused.\nDetail: more", "08001");
        RuntimeException wrapped = new RuntimeException("wrapper", new SQLException("pool timed out", "08003", root));

        assertEquals("Connection to 127.0.0.1:5999 refused. [SQLSTATE 08001]", SqlErrors.describe(wrapped));
    }

    @Test
    void aBatchErrorIsDescribedByWhatAbortedIt() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 <unknown> was aborted", "57P01", new int[0]);
        batch.setNextException(new SQLException("FATAL: terminating connection due to administrator command", "57P01"));

        assertEquals("FATAL: terminating connection due to administrator command [SQLSTATE 57P01]", SqlErrors.describe(batch));
    }

    @Test
    void tellsConnectionFailuresFromOtherErrors() {
        assertTrue(SqlErrors.isConnectionFailure(new RuntimeException(new SQLException("refused", "08001"))));
        assertTrue(SqlErrors.isConnectionFailure(new SQLException("terminated", "57P01")));
        assertTrue(SqlErrors.isConnectionFailure(new SQLException("password authentication failed", "28P01")));
        assertTrue(SqlErrors.isConnectionFailure(new RuntimeException(new ConnectException("refused"))));
        assertFalse(SqlErrors.isConnectionFailure(new SQLException("duplicate key", "23505")));
        assertFalse(SqlErrors.isConnectionFailure(new IllegalStateException("bug")));
    }

    @Test
    void anExceptionWithoutMessageIsNamed() {
        assertEquals("IllegalStateException", SqlErrors.describe(new IllegalStateException()));
    }
}

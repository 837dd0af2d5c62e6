package io.github.randomuseretl.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestDatabaseIT {

    @Test
    void eachHelperGetsItsOwnFreshDatabaseAndDropsIt() throws Exception {
        TestDatabase a = new TestDatabase();
        TestDatabase b = new TestDatabase();
        a.create("TestDatabaseIT");
        b.create("TestDatabaseIT");
        try {
            assertFalse(a.databaseName().equals(b.databaseName()));
            assertFalse(a.jdbcUrl().contains("password="), "credentials stay out of the URL");
            try (Connection c = a.connect(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t (x int)");
                st.execute("INSERT INTO t VALUES (1)");
            }
            try (Connection c = b.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 't'")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "another class's database does not see the table");
            }
        } finally {
            String name = a.databaseName();
            a.drop();
            b.drop();
            try (Connection c = a.connectAdmin(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'")) {
                rs.next();
                assertEquals(0, rs.getInt(1));
            }
        }
    }

    @Test
    void dropEndsSessionsStillConnected() throws Exception {
        TestDatabase db = new TestDatabase();
        db.create("TestDatabaseIT");
        Connection leaked = db.connect();
        db.drop();
        assertTrue(!leaked.isValid(2));
        leaked.close();
    }
}

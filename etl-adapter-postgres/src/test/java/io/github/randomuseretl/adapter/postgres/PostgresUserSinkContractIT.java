package io.github.randomuseretl.adapter.postgres;

import io.github.randomuseretl.core.port.RunLedger;
import io.github.randomuseretl.core.port.SlotClaim;
import io.github.randomuseretl.core.port.UserSink;
import io.github.randomuseretl.core.testing.MutableClock;
import io.github.randomuseretl.core.testing.TestDatabase;
import io.github.randomuseretl.core.testing.UserSinkContract;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sink contract against real PostgreSQL, each test on a fresh schema. A holder "dies" as it really
 * would: its run's session is ended with {@code pg_terminate_backend}.
 */
class PostgresUserSinkContractIT extends UserSinkContract {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @RegisterExtension
    final MigratedSchema migrated = new MigratedSchema(DB, "contract");

    private PostgresUserSink sink;
    private PostgresOperations ledger;

    @BeforeEach
    void newSink() {
        sink = new PostgresUserSink(migrated.db(), migrated.clock());
        ledger = new PostgresOperations(migrated.db(), migrated.clock());
    }

    @Override
    protected UserSink sink() {
        return sink;
    }

    @Override
    protected RunLedger ledger() {
        return ledger;
    }

    @Override
    protected MutableClock clock() {
        return migrated.clock();
    }

    @Override
    protected void holderDies(SlotClaim.Claimed claimed) {
        Pg.terminateAndWait(DB, ((PostgresUserSink.LeasedLoad) claimed.load()).backendPid());
    }

    @Override
    protected Set<UUID> storedUsers() {
        Set<UUID> out = new HashSet<>();
        try (Connection c = DB.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT uuid FROM " + migrated.schema() + ".users")) {
            while (rs.next()) {
                out.add(rs.getObject(1, UUID.class));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}

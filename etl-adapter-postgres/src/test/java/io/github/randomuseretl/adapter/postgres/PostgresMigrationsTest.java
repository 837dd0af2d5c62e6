package io.github.randomuseretl.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresMigrationsTest {

    @Test
    void theNewestVersionTheHistoryCheckExpectsIsTheNewestScript() {
        List<Integer> versions = Pg.migrationVersions();
        assertEquals(Integer.toString(versions.get(versions.size() - 1)), PostgresMigrations.NEWEST,
                "a script was added: raise PostgresMigrations.NEWEST to its version");
    }
}

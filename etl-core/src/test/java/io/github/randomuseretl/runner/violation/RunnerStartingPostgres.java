package io.github.randomuseretl.runner.violation;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;

/** Deliberately starts PostgreSQL's binaries itself instead of going through the embedded adapter. */
public final class RunnerStartingPostgres {

    private RunnerStartingPostgres() {
    }

    static EmbeddedPostgres start() throws IOException {
        return EmbeddedPostgres.start();
    }
}

package io.github.randomuseretl.adapter.postgres;

import io.github.randomuseretl.core.port.SinkException;

/**
 * The schema is missing or older than this program's migrations. The message is one line that names
 * the schema, where it is, and the fix: run the {@code migrate} command.
 */
public final class SchemaNotMigratedException extends SinkException {

    private static final long serialVersionUID = 1L;

    SchemaNotMigratedException(String message) {
        super(message);
    }
}

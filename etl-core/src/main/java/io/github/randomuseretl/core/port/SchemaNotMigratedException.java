package io.github.randomuseretl.core.port;

/**
 * The sink's schema is missing or older than this program's migrations: nothing can be claimed, read
 * or written until it is migrated. The message is one line that names the schema, where it is, and the
 * fix (run {@code migrate}).
 */
public final class SchemaNotMigratedException extends SinkException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is behind and how to fix it
     */
    public SchemaNotMigratedException(String message) {
        super(message);
    }
}

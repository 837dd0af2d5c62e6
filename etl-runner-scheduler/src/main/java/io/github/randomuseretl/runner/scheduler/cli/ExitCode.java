package io.github.randomuseretl.runner.scheduler.cli;

/** Exit codes scripts can rely on. */
public final class ExitCode {

    /** The command did what it was asked (a slot found already loaded counts). */
    public static final int OK = 0;
    /** A run failed (source, sink, quality gate), or some slot of a backfill or record of a replay did. */
    public static final int FAILED = 1;
    /** A setting or the command line is wrong; one line on stderr names it. */
    public static final int USAGE = 2;
    /** The database cannot be reached or refuses the login. */
    public static final int DATABASE_UNAVAILABLE = 3;
    /** {@code run}: another process is running the same slot right now; try again later. */
    public static final int SLOT_BUSY = 4;
    /**
     * The embedded PostgreSQL (used when ETL_DB_URL is unset) cannot run: as root without user
     * namespaces, an unwritable ETL_DATA_DIR, a taken ETL_DATA_PORT; one line on stderr says which.
     */
    public static final int EMBEDDED_DATABASE_UNAVAILABLE = 5;
    /** The schema is not migrated, or older than this program: run {@code migrate}; one line on stderr says so. */
    public static final int SCHEMA_NOT_MIGRATED = 6;
    /** {@code run}: the source's budget (or a window the source said is spent) defers the run; the line says until when. */
    public static final int DEFERRED = 7;
    /** A bug: an unexpected error, logged with its stack trace. */
    public static final int INTERNAL = 70;

    private ExitCode() {
    }
}

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
     * {@code run}: the source's budget (or a window the source said is spent) defers the run; the line
     * says until when. (7, not 5: 5 and 6 are taken on the way to main by the embedded database and the
     * unmigrated schema.)
     */
    public static final int DEFERRED = 7;
    /** A bug: an unexpected error, logged with its stack trace. */
    public static final int INTERNAL = 70;

    private ExitCode() {
    }
}

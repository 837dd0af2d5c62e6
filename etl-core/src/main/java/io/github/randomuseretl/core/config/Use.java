package io.github.randomuseretl.core.config;

/**
 * What a program is doing when it reads a setting. A setting declares its uses; a command declares
 * the uses it performs; so a command's help lists exactly the settings it reads, and no setting has to
 * know the commands of any runner.
 */
public enum Use {
    /** Fetching, validating and loading slots (run, backfill, serve, catch-up, rebuild, replay, a Lambda tick). */
    RUN,
    /** Reading or pruning the ledger and the quarantine (runs, gaps, quarantine list, prune). */
    INSPECT,
    /** Bringing the database schema up to date (migrate). */
    MIGRATE,
    /**
     * Running on a schedule: the ticks and the catch-up after each (serve, and a Lambda invocation per
     * EventBridge tick), and serve's ops port and shutdown.
     */
    SERVE
}

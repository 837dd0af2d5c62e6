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
    /** The long-running service around runs: its schedule, ops port and shutdown (serve). */
    SERVE
}

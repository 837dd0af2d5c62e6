package io.github.randomuseretl.runner.scheduler.observe;

/**
 * Tells a run this process executed from a report the sink handed back unchanged (the slot had
 * already succeeded) or a claim that never got as far as the source: only an executed run reaches
 * {@code sourceFetched}. The pipeline calls its listeners on the thread that runs, so a thread-local
 * flag is enough.
 */
final class Freshness {

    private final ThreadLocal<Boolean> fetched = new ThreadLocal<>();

    void started() {
        fetched.set(Boolean.FALSE);
    }

    void fetched() {
        fetched.set(Boolean.TRUE);
    }

    /** @return true if the run that just finished on this thread was executed by it; resets the flag */
    boolean finishedExecuted() {
        boolean executed = Boolean.TRUE.equals(fetched.get());
        fetched.remove();
        return executed;
    }
}

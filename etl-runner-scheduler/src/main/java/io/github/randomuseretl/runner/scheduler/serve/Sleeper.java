package io.github.randomuseretl.runner.scheduler.serve;

import java.time.Duration;

/** Waits between ticks; a seam so tests can move a fake clock instead of waiting. */
public interface Sleeper {

    /**
     * Waits about {@code duration}, or less if woken.
     *
     * @param duration how long
     * @throws InterruptedException if the thread is interrupted
     */
    void sleep(Duration duration) throws InterruptedException;

    /** Ends the current and every later wait at once: the loop is stopping. */
    void wakeUp();

    /** @return a sleeper that really waits */
    static Sleeper real() {
        return new Sleeper() {
            private final Object lock = new Object();
            private boolean woken;

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                long millis = Math.max(1, duration.toMillis() + (duration.toNanosPart() % 1_000_000 == 0 ? 0 : 1));
                synchronized (lock) {
                    if (!woken) {
                        lock.wait(millis);
                    }
                }
            }

            @Override
            public void wakeUp() {
                synchronized (lock) {
                    woken = true;
                    lock.notifyAll();
                }
            }
        };
    }
}

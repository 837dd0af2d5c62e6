package io.github.randomuseretl.runner.scheduler.serve;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes SIGTERM (and Ctrl-C) a clean stop: a JVM shutdown hook asks the work to stop, waits up to a
 * grace period for the thread doing it to finish (a run in flight completes and is recorded), then
 * aborts it (a fetch in flight is interrupted and the run recorded as failed) and waits a little more. A run cut short that way, or by the process dying, writes
 * nothing: the sink writes a batch in one transaction, which the database rolls back when the
 * connection goes.
 *
 * <p>The JVM would exit with 143 after a SIGTERM; the hook ends it with the work's own exit code
 * instead (0 for {@code serve}), so orchestrators see a clean stop.
 */
public final class GracefulShutdown {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);
    /** How long an aborted run gets to record itself as failed. */
    private static final Duration ABORT_WAIT = Duration.ofSeconds(5);

    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicInteger exitCode;
    private volatile boolean requested;

    private GracefulShutdown(int codeIfCutShort) {
        this.exitCode = new AtomicInteger(codeIfCutShort);
    }

    /**
     * Installs the hook for the calling thread's work.
     *
     * @param grace          how long a stop waits for the work
     * @param stop           asks the work to stop (e.g. stops the serve loop); called from the hook's thread
     * @param abort          cuts the work short once the grace period is over (e.g. interrupts a fetch)
     * @param codeIfCutShort the exit code if the work does not finish
     * @return the handle the work reports its end to
     */
    public static GracefulShutdown install(Duration grace, Runnable stop, Runnable abort, int codeIfCutShort) {
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(abort, "abort");
        GracefulShutdown shutdown = new GracefulShutdown(codeIfCutShort);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown.onShutdown(grace, stop, abort), "graceful-shutdown"));
        return shutdown;
    }

    private void onShutdown(Duration grace, Runnable stop, Runnable abort) {
        if (finished.getCount() > 0) {
            requested = true;
            LOG.info("stop requested: no new runs; waiting up to {}s for the run in flight", grace.toSeconds());
            try {
                stop.run();
                if (!finished.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("grace period of {}s is over: aborting the run in flight; nothing of its batch is written", grace.toSeconds());
                    abort.run();
                    if (!finished.await(ABORT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                        LOG.warn("the run did not end; exiting anyway (the database rolls its transaction back)");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("stopping failed: {}", e.toString());
            }
        }
        System.err.flush();
        System.out.flush();
        Runtime.getRuntime().halt(exitCode.get());
    }

    /** @return true once a stop was requested by a signal */
    public boolean requested() {
        return requested;
    }

    /**
     * The work is over and cleaned up; the process exits with this code.
     *
     * @param code the exit code
     */
    public void finished(int code) {
        exitCode.set(code);
        finished.countDown();
    }
}

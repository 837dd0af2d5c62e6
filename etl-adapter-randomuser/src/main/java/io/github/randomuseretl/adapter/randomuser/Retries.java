package io.github.randomuseretl.adapter.randomuser;

import io.github.randomuseretl.adapter.randomuser.RandomUserHttpSource.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry loop of one fetch, beside the {@link Backoff} that times it: a request is tried until it
 * succeeds, fails for good, or has used its retries; transient failures wait {@link Backoff#delay},
 * and no attempt or wait starts that cannot finish before the fetch's deadline. Counts the retries of
 * every request of the fetch. Confined to the fetching thread.
 */
final class Retries {

    /** Under the source's name, as before the loop moved here: log filters and alerts name it. */
    private static final Logger LOG = LoggerFactory.getLogger(RandomUserHttpSource.class);
    /** The shortest attempt worth starting. */
    static final Duration MIN_ATTEMPT = Duration.ofMillis(100);

    /** One attempt, given how long it may take. */
    @FunctionalInterface
    interface Attempt {
        /**
         * @param timeout the whole attempt's timeout
         * @throws FetchFailure if it failed, transient or not
         */
        void run(Duration timeout) throws FetchFailure;
    }

    /** Why a request stopped without success; the message says so whole. */
    static final class GaveUp extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean windowSpent;

        private GaveUp(String message, Throwable cause, boolean windowSpent) {
            super(message, cause);
            this.windowSpent = windowSpent;
        }

        /** @return true if the source said the client's window is spent (a 429 without {@code Retry-After}) */
        boolean windowSpent() {
            return windowSpent;
        }
    }

    private final Backoff backoff;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Instant deadline;
    private final Duration requestTimeout;
    private final int maxRetries;
    private int retries;

    /**
     * @param backoff        the delays between attempts
     * @param clock          the clock the deadline is measured on
     * @param sleeper        waits between attempts
     * @param deadline       when the whole fetch must be done
     * @param requestTimeout the longest one attempt may take
     * @param maxRetries     retries allowed per request
     */
    Retries(Backoff backoff, Clock clock, Sleeper sleeper, Instant deadline, Duration requestTimeout, int maxRetries) {
        this.backoff = backoff;
        this.clock = clock;
        this.sleeper = sleeper;
        this.deadline = deadline;
        this.requestTimeout = requestTimeout;
        this.maxRetries = maxRetries;
    }

    /** @return retries so far, over every request of the fetch */
    int retries() {
        return retries;
    }

    /**
     * Tries one request until it succeeds.
     *
     * @param what    names the request in messages, e.g. {@code page 3}
     * @param attempt the request
     * @throws GaveUp if it failed for good, used its retries, or the deadline leaves no room
     */
    void run(String what, Attempt attempt) throws GaveUp {
        int requestRetries = 0;
        FetchFailure last = null;
        while (true) {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.compareTo(MIN_ATTEMPT) < 0) {
                throw new GaveUp("deadline " + deadline + " reached before " + what + " could be fetched"
                        + (last == null ? "" : "; last error: " + last.getMessage()), last, false);
            }
            Duration timeout = left.compareTo(requestTimeout) < 0 ? left : requestTimeout;
            try {
                attempt.run(timeout);
                return;
            } catch (FetchFailure f) {
                if (f.isWindowSpent()) {
                    throw new GaveUp(f.getMessage(), null, true);
                }
                if (!f.isTransient()) {
                    throw new GaveUp(f.getMessage(), f, false);
                }
                last = f;
                if (requestRetries >= maxRetries) {
                    throw new GaveUp(f.getMessage() + " (gave up after " + requestRetries + (requestRetries == 1 ? " retry" : " retries") + ")",
                            f, false);
                }
                Duration delay = backoff.delay(requestRetries, f.retryAfter());
                Instant resumeAt = clock.instant().plus(delay);
                if (Duration.between(resumeAt, deadline).compareTo(MIN_ATTEMPT) < 0) {
                    throw new GaveUp(f.getMessage() + "; no retry: waiting " + delay.toMillis() + " ms"
                            + (f.retryAfter() != null ? " (Retry-After)" : "") + " would pass the deadline " + deadline, f, false);
                }
                LOG.warn("randomuser.me {} failed ({}); retry {} of {} in {} ms", what, f.getMessage(),
                        requestRetries + 1, maxRetries, delay.toMillis());
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new GaveUp("interrupted while waiting to retry " + what, e, false);
                }
                requestRetries++;
                retries++;
            }
        }
    }
}

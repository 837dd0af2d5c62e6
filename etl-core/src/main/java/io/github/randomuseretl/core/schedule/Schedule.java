package io.github.randomuseretl.core.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * When {@code serve} ticks: every fixed interval aligned to its boundary ({@code every 1m}), or on the
 * minutes a five-field cron expression names ({@code *&#47;5 * * * *}), always in UTC.
 *
 * <p>A tick runs the slot (UTC minute) it falls in. Ticks finer than a minute share their minute's
 * slot: the first one that succeeds loads it and the later ones find it done.
 */
public sealed interface Schedule permits IntervalSchedule, CronSchedule {

    /**
     * @param instant any instant
     * @return the first tick strictly after it
     */
    Instant nextAfter(Instant instant);

    /**
     * Parses {@code every <n><s|m|h>} or a five-field cron expression.
     *
     * @param text the schedule
     * @return the schedule
     * @throws IllegalArgumentException if the text is neither
     */
    static Schedule parse(String text) {
        String t = text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("every ")) {
            return new IntervalSchedule(IntervalSchedule.parseInterval(lower.substring("every ".length()).strip()));
        }
        return CronSchedule.parse(t);
    }

    /** What {@code ETL_SCHEDULE} expects, for error messages. */
    String EXPECTED = "\"every <n>s|m|h\" (1s to 24h, e.g. every 1m) or a five-field UTC cron expression such as */5 * * * *";

    /** The default: a run every minute. */
    Schedule EVERY_MINUTE = new IntervalSchedule(Duration.ofMinutes(1));
}

package io.github.randomuseretl.core.catchup;

import io.github.randomuseretl.core.config.Setting;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.config.Use;
import io.github.randomuseretl.core.schedule.Schedule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * When slots fall due and how far back catch-up reaches, read the same way by every runner. Each
 * setting is described once, in {@link #SETTINGS}.
 *
 * @param schedule the ticks: {@code serve} ticks on them, and catch-up (every runner) plans from them
 *                 which slots should have run
 * @param window   how far back catch-up runs slots without a succeeded run; zero turns it off
 */
public record CatchUpSettings(Schedule schedule, Duration window) {

    /** The longest catch-up window. */
    public static final Duration MAX_WINDOW = Duration.ofDays(7);

    /**
     * {@code ETL_SCHEDULE}: serve ticks on it and catch-up plans from it (serve, a Lambda tick); gaps lists the
     * slots it made due; run and backfill weigh it against the source's budget.
     */
    public static final Setting<Schedule> SCHEDULE = Setting.named("ETL_SCHEDULE")
            .means("when slots fall due: every <n>s|m|h aligned to the interval, or a five-field UTC cron expression; "
                    + "serve ticks on it and catch-up plans from it the slots that should have run, so on AWS Lambda it "
                    + "must match the EventBridge rule")
            .usedFor(Use.SERVE, Use.RUN, Use.INSPECT)
            .parsed(Schedule.EVERY_MINUTE, Schedule.EVERY_MINUTE.toString(), Schedule.EXPECTED, Schedule::parse);

    /**
     * {@code ETL_CATCH_UP}: read by what ticks (serve, a Lambda tick) and by gaps, which says what it heals; not by
     * run or backfill, which never catch up, so their help does not offer it.
     */
    public static final Setting<Duration> CATCH_UP = Setting.named("ETL_CATCH_UP")
            .means("after each tick, run the slots of this past window that have no succeeded run (failed, abandoned "
                    + "or missed), oldest first, until the next tick; 0 turns catch-up off")
            .usedFor(Use.SERVE, Use.INSPECT)
            .duration(Duration.ofHours(1), Duration.ZERO, MAX_WINDOW);

    /** Every setting of catch-up, in the order they are documented. */
    public static final List<Setting<?>> SETTINGS = List.of(SCHEDULE, CATCH_UP);

    /** Defaults: every minute, catch-up over the last hour. */
    public static final CatchUpSettings DEFAULTS = from(Settings.of(Map.of()));

    /**
     * Checks presence, and the window against {@link #CATCH_UP}'s range with its one-line error. A schedule
     * is checked when it is made, and one made in code may tick faster than the setting's text can say.
     */
    public CatchUpSettings {
        Objects.requireNonNull(schedule, "schedule");
        window = CATCH_UP.check(window);
    }

    /**
     * Reads and checks the settings.
     *
     * @param settings the settings
     * @return the catch-up settings
     * @throws io.github.randomuseretl.core.config.InvalidSettingException naming a wrong setting
     */
    public static CatchUpSettings from(Settings settings) {
        return new CatchUpSettings(SCHEDULE.read(settings), CATCH_UP.read(settings));
    }

    /** @return true if catch-up runs at all */
    public boolean enabled() {
        return !window.isZero();
    }
}

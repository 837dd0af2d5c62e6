package io.github.randomuseretl.runner.scheduler.wiring;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.logging.LogSetup;
import io.github.randomuseretl.runner.scheduler.observe.ProcessMetrics;
import io.github.randomuseretl.runner.scheduler.observe.Readiness;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command's application: the settings read and checked, logging set up, the injector built.
 * Closing it closes the database pool.
 */
public final class App implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    private final SchedulerConfig config;
    private final Injector injector;

    private App(SchedulerConfig config, Injector injector) {
        this.config = config;
        this.injector = injector;
    }

    /**
     * Reads every setting, sets up logging and wires the application. Opens no connection.
     *
     * @param settings the environment with flags laid over it
     * @param given    the names set in the environment or on the command line, to warn about unknown ones
     * @return the application
     * @throws io.github.randomuseretl.core.config.InvalidSettingException naming the first wrong setting
     */
    public static App start(Settings settings, Set<String> given) {
        return start(settings, given, true);
    }

    /**
     * As {@link #start}, for {@code migrate}: the database's schema is not required to be migrated already.
     *
     * @param settings the environment with flags laid over it
     * @param given    the names set in the environment or on the command line, to warn about unknown ones
     * @return the application
     */
    public static App startToMigrate(Settings settings, Set<String> given) {
        return start(settings, given, false);
    }

    private static App start(Settings settings, Set<String> given, boolean requireMigratedSchema) {
        SchedulerConfig config = SchedulerConfig.from(settings);
        LogSetup.apply(config.runner().logFormat(), config.runner().logLevel());
        KnownSettings.CATALOG.unknown(given).forEach(LOG::warn);
        return new App(config, Guice.createInjector(Stage.PRODUCTION, new SchedulerModule(config, requireMigratedSchema)));
    }

    /** Logs, in one line, that the budget cannot sustain the schedule, if so: for commands that run slots. */
    public void warnIfBudgetUnsustainable() {
        config.budgetWarning().ifPresent(line -> LOG.warn("{}", line));
    }

    /** @return the checked settings */
    public SchedulerConfig config() {
        return config;
    }

    /**
     * @param type a bound type
     * @param <T>  the type
     * @return its instance; for database-backed types this opens the pool on first use
     */
    public <T> T get(Class<T> type) {
        return injector.getInstance(Objects.requireNonNull(type, "type"));
    }

    @Override
    public void close() {
        injector.getInstance(Readiness.class).close();
        injector.getInstance(DatabaseHandle.class).close();
        injector.getInstance(ProcessMetrics.class).close();
    }
}

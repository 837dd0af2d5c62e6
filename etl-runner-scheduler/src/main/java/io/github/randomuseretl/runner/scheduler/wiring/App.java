package io.github.randomuseretl.runner.scheduler.wiring;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.logging.LogSetup;
import io.github.randomuseretl.runner.scheduler.config.KnownSettings;
import io.github.randomuseretl.runner.scheduler.observe.ProcessMetrics;
import io.github.randomuseretl.runner.scheduler.observe.Readiness;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
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
        LogSetup.apply(config.runner().logFormat().name().toLowerCase(java.util.Locale.ROOT), config.runner().logLevel());
        for (String name : unknown(settings, given)) {
            LOG.warn("{} is set but is not a setting of this program; check its spelling", name);
        }
        return new App(config, Guice.createInjector(Stage.PRODUCTION, new SchedulerModule(config, requireMigratedSchema)));
    }

    /**
     * @param settings the settings, after they were read
     * @param given    the names set
     * @return the ETL_ names set that nothing read
     */
    public static Set<String> unknown(Settings settings, Set<String> given) {
        Set<String> out = new TreeSet<>();
        Set<String> known = settings.known();
        for (String name : given) {
            if (name.startsWith("ETL_") && !known.contains(name) && KnownSettings.find(name).isEmpty()) {
                out.add(name);
            }
        }
        return out;
    }

    /**
     * @param env   the environment
     * @param flags the flags, by setting name
     * @return the environment's ETL_ names and the flags' names
     */
    public static Set<String> given(Map<String, String> env, Map<String, String> flags) {
        Set<String> names = new TreeSet<>(flags.keySet());
        env.keySet().stream().filter(n -> n.startsWith("ETL_")).forEach(names::add);
        return names;
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

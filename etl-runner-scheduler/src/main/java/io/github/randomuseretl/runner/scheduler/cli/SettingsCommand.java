package io.github.randomuseretl.runner.scheduler.cli;

import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.config.Use;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.runner.scheduler.wiring.App;
import io.github.randomuseretl.runner.scheduler.wiring.KnownSettings;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that reads the settings: the environment, then its flags. It declares what it does
 * ({@link Use}); its flags and its help are the settings of those uses.
 */
abstract class SettingsCommand implements Callable<Integer> {

    private final Set<Use> uses;
    private final SettingsFlags flags = new SettingsFlags();

    @Option(names = "--set", paramLabel = "NAME=VALUE", order = 99,
            description = "any setting, e.g. --set ETL_SOURCE_MAX_RETRIES=5 (repeatable)")
    Map<String, String> set = new LinkedHashMap<>();

    @Spec
    CommandSpec spec;

    SettingsCommand(Use first, Use... more) {
        this.uses = EnumSet.of(first, more);
    }

    /** @return what the command does, so which settings it reads */
    Set<Use> uses() {
        return uses;
    }

    /**
     * Adds a flag for each setting this command uses; called once the command line is built.
     *
     * @param commandSpec this command's spec
     */
    void declareFlags(CommandSpec commandSpec) {
        flags.declare(commandSpec, KnownSettings.CATALOG.usedFor(uses));
    }

    /** @return the environment */
    abstract Map<String, String> env();

    /** @return the settings given on the command line, by environment name: {@code --set}, then the flags */
    Map<String, String> flagValues() {
        Map<String, String> values = new LinkedHashMap<>(set);
        values.putAll(flags.values());
        return values;
    }

    /** @return the environment with the flags laid over it */
    Settings settings() {
        return Settings.of(env()).with(flagValues());
    }

    /** @return the environment's ETL_ names and the flags' names, to warn about those that are no setting */
    Set<String> given() {
        Set<String> names = new TreeSet<>(flagValues().keySet());
        env().keySet().stream().filter(n -> n.startsWith("ETL_")).forEach(names::add);
        return names;
    }

    /** @return the application, settings checked and logging set up */
    App start() {
        return App.start(settings(), given());
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /**
     * @param option the option's name, for the message
     * @param text   a slot such as {@code 2026-01-01T00:00Z}
     * @param clock  the clock
     * @return the slot, checked not to be in the future
     */
    Slot pastOrCurrentSlot(String option, String text, Clock clock) {
        Slot slot;
        try {
            slot = Slot.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + " must be a UTC minute such as 2026-01-01T00:00Z, got \"" + text + '"');
        }
        Slot current = Slot.containing(clock.instant());
        if (slot.compareTo(current) > 0) {
            // A future slot run now would later be found done by the scheduler with users fetched too early.
            throw new ParameterException(spec.commandLine(), option + " must not be after the current minute " + current + ", got " + slot);
        }
        return slot;
    }
}

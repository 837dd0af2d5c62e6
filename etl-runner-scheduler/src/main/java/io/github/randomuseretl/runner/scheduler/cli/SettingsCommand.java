package io.github.randomuseretl.runner.scheduler.cli;

import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.runner.scheduler.wiring.App;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that reads the settings: the environment, then its flags. */
abstract class SettingsCommand implements Callable<Integer> {

    @Mixin
    SettingsFlags flags;

    @Spec
    CommandSpec spec;

    /** @return the environment */
    abstract Map<String, String> env();

    /** @return the environment with the flags laid over it */
    Settings settings() {
        return Settings.of(env()).with(flags.values());
    }

    /** @return the application, settings checked and logging set up */
    App start() {
        return App.start(settings(), App.given(env(), flags.values()));
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

package io.github.randomuseretl.logging.archviolation;

/** A class of the logging module that uses a core type: the module could then not stand alone. */
public final class LoggingUsingTheCore {
    io.github.randomuseretl.core.model.Slot slot;
}

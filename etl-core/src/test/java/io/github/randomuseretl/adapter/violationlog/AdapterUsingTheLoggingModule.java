package io.github.randomuseretl.adapter.violationlog;

/** An adapter that logs through the runners' logging module instead of the SLF4J API. */
public final class AdapterUsingTheLoggingModule {
    String redacted = io.github.randomuseretl.logging.Redactor.redact("jane@example.com");
}

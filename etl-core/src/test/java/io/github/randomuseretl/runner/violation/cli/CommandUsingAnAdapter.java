package io.github.randomuseretl.runner.violation.cli;

/** A runner's command that reaches past the ports into an adapter's own type. */
public final class CommandUsingAnAdapter {
    io.github.randomuseretl.adapter.violationb.OtherAdapter adapter;
}

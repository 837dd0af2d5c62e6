package io.github.randomuseretl.adapter.violationa;

/** An adapter that uses another adapter and a runner. */
public final class AdapterUsingAnotherAdapter {
    io.github.randomuseretl.adapter.violationb.OtherAdapter other;
    io.github.randomuseretl.runner.violation.SomeRunner runner;
}

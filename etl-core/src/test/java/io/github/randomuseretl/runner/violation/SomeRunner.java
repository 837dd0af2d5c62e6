package io.github.randomuseretl.runner.violation;

/** A runner that uses another runner. */
public final class SomeRunner {
    io.github.randomuseretl.runner.violationother.OtherRunner other;
}

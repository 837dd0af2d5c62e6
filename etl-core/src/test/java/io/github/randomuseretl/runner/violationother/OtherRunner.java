package io.github.randomuseretl.runner.violationother;

/** The runner being used. */
public final class OtherRunner {
}

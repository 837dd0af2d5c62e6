package io.github.randomuseretl.core.archviolation.cycle.b;

/** The other half of a package cycle. */
public final class B {
    io.github.randomuseretl.core.archviolation.cycle.a.A a;
}

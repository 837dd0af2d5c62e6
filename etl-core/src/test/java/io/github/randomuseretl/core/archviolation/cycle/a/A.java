package io.github.randomuseretl.core.archviolation.cycle.a;

/** Half of a package cycle. */
public final class A {
    io.github.randomuseretl.core.archviolation.cycle.b.B b;
}

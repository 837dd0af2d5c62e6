package io.github.randomuseretl.adapter.violationb;

/** The adapter being used. */
public final class OtherAdapter {
}

package io.github.randomuseretl.runner.violation.wiring;

/** A runner's wiring, which is where adapters are made and bound to the ports. */
public final class WiringUsingAnAdapter {
    io.github.randomuseretl.adapter.violationb.OtherAdapter adapter;
}

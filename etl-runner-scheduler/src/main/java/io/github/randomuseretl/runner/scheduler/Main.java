package io.github.randomuseretl.runner.scheduler;

/** Placeholder. */
public final class Main {
    private Main() {
    }

    /** @param args args */
    public static void main(String[] args) {
    }
}

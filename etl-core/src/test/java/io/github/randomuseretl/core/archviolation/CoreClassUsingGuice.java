package io.github.randomuseretl.core.archviolation;

/** A core class with a framework annotation. */
public final class CoreClassUsingGuice {
    @com.google.inject.Inject
    CoreClassUsingGuice() {
    }
}

package io.github.randomuseretl.core.archviolation;

/** A core class that reaches for a database driver. */
public final class CoreClassUsingAJdbcDriver {
    final org.postgresql.Driver driver = new org.postgresql.Driver();
}

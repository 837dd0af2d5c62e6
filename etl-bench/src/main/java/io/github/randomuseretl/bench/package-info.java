/**
 * Benchmarks that print figures, never assert them: {@link io.github.randomuseretl.bench.MacroBenchmark}
 * runs the whole pipeline over a loopback randomuser.me stand-in into a fresh PostgreSQL schema and
 * loads the same rows with plain {@code COPY} in the same run as the baseline; the JMH benchmarks
 * measure JSON parsing, schema validation and mapping per user.
 */
package io.github.randomuseretl.bench;

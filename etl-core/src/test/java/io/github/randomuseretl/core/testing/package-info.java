/**
 * Test support shipped in etl-core's test-jar: a fresh PostgreSQL database per test class
 * ({@link io.github.randomuseretl.core.testing.TestDatabase}), user fixtures
 * ({@link io.github.randomuseretl.core.testing.TestUsers}), in-memory fakes of the ports, and the
 * architecture rules every module checks itself against.
 */
package io.github.randomuseretl.core.testing;

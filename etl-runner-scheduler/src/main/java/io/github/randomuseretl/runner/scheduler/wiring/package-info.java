/**
 * The Guice wiring: the one module that binds the core pipeline to the randomuser.me source and
 * validator and the PostgreSQL sink, with metrics, logging and readiness; the settings it is built
 * from; and the lazily opened database handle that lets it be built without a database.
 */
package io.github.randomuseretl.runner.scheduler.wiring;

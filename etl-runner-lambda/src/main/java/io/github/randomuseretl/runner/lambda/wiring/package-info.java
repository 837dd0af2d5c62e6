/**
 * The function's wiring: its settings read once in the init phase, the Guice module that binds the
 * core's ports to the randomuser.me source, the PostgreSQL sink and ledger on one connection, the
 * catch-up, and the CRaC hook. The only package of this runner that touches adapter types.
 */
package io.github.randomuseretl.runner.lambda.wiring;

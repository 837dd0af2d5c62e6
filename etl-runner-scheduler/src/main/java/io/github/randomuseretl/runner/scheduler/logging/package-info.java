/**
 * Logging through SLF4J and Logback: one line per event on standard error, as text or JSON
 * ({@code ETL_LOG_FORMAT}), with e-mail addresses and credentials redacted from every line whatever
 * logged it.
 */
package io.github.randomuseretl.runner.scheduler.logging;

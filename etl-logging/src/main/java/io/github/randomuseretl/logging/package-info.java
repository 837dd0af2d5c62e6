/**
 * Logging for the runners, through SLF4J and Logback: one line per event, as text or JSON
 * ({@code ETL_LOG_FORMAT}), with e-mail addresses and credentials redacted from every line whatever
 * logged it. Shared by the scheduler and the Lambda function, which depend on each other not at all;
 * the core and the adapters log through the SLF4J API only and never use this (an ArchUnit rule).
 */
package io.github.randomuseretl.logging;

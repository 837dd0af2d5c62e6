/**
 * The operations endpoints on the JDK's HTTP server: {@code /health/live}, {@code /health/ready}
 * and {@code /metrics} in Prometheus' text format.
 */
package io.github.randomuseretl.runner.scheduler.http;

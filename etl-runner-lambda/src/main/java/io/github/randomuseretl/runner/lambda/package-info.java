/**
 * The AWS Lambda runner: {@link io.github.randomuseretl.runner.lambda.LambdaHandler} turns one EventBridge
 * tick (a rule's "Scheduled Event" or an EventBridge Scheduler payload carrying the scheduled time) into
 * one pipeline run for the slot of the scheduled time, so a duplicate or retried delivery finds the slot
 * done and fetches nothing, then catches up the slots without a succeeded run while its time allows.
 * The {@code wiring} package wires the core and the adapters with Guice once per container; a CRaC
 * resource closes the database connection before a SnapStart snapshot so no restored copy shares a socket.
 */
package io.github.randomuseretl.runner.lambda;

/**
 * Running on a schedule: the {@code serve} loop (ticks aligned to the schedule, one run at a time,
 * missed ticks not replayed) and the graceful stop on SIGTERM.
 */
package io.github.randomuseretl.runner.scheduler.serve;

/**
 * When a pipeline's slots fall due: a fixed interval aligned to its boundary or a five-field UTC cron
 * expression. The runners tick on a {@link io.github.randomuseretl.core.schedule.Schedule}, and catch-up
 * uses the same schedule to know which slots should have run.
 */
package io.github.randomuseretl.core.schedule;

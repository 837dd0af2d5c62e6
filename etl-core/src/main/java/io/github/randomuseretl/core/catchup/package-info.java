/**
 * Catch-up: every slot the schedule made due should end with a succeeded run. After a tick's own slot,
 * {@link io.github.randomuseretl.core.catchup.CatchUp} runs the slots of the catch-up window that have
 * none (failed, abandoned, or missed while nothing ran), oldest first, until the next tick;
 * {@link io.github.randomuseretl.core.catchup.CatchUpPlanner} finds them from the schedule and the
 * {@link io.github.randomuseretl.core.port.RunLedger}, for catch-up, the {@code gaps} command, metrics
 * and readiness alike; {@link io.github.randomuseretl.core.catchup.BudgetCheck} says when the source's
 * budget cannot sustain the schedule. Every runner, and any application embedding the core, uses these.
 */
package io.github.randomuseretl.core.catchup;

/**
 * What a run is and how it ended: the request that starts one ({@link io.github.randomuseretl.core.run.RunRequest}),
 * its trigger and status, the counts a load produced and the {@link io.github.randomuseretl.core.run.RunReport}
 * that the pipeline returns and the sink records in its ledger. Shared by the ports and the pipeline,
 * so it depends on neither.
 */
package io.github.randomuseretl.core.run;

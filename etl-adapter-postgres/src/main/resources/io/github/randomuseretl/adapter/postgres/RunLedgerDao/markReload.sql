UPDATE <schema>.etl_runs
SET reload = true
WHERE run_id = :runId

SELECT *
FROM <schema>.etl_runs
WHERE run_id = :runId

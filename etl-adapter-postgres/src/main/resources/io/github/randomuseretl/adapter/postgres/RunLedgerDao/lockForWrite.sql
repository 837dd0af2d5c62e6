SELECT status
FROM <schema>.etl_runs
WHERE run_id = :runId
FOR UPDATE

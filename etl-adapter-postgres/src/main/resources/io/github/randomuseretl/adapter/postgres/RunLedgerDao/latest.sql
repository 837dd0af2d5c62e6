SELECT *
FROM <schema>.etl_runs
ORDER BY started_at DESC, run_id
LIMIT :limit

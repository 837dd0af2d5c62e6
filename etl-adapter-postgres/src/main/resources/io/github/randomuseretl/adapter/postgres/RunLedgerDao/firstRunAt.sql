SELECT min(started_at)
FROM <schema>.etl_runs
WHERE pipeline = :pipeline

SELECT COALESCE(max(attempt), 0)
FROM <schema>.etl_runs
WHERE pipeline = :pipeline
  AND slot = :slot

SELECT run_id
FROM <schema>.etl_runs
WHERE pipeline = :pipeline
  AND slot = :slot
  AND status = 'running'
LIMIT 1

SELECT *
FROM <schema>.etl_runs
WHERE pipeline = :pipeline
  AND slot = :slot
  AND status IN ('succeeded', 'running')
ORDER BY status = 'succeeded' DESC
LIMIT 1

SELECT max(finished_at)
FROM <schema>.etl_runs
WHERE pipeline = :pipeline
  AND status = 'succeeded'

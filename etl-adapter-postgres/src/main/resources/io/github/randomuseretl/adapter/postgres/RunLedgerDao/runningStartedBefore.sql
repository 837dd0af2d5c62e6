SELECT run_id
FROM <schema>.etl_runs
WHERE status = 'running'
  AND started_at < :before
FOR UPDATE SKIP LOCKED

SELECT started_at, requested_users
FROM <schema>.etl_runs
WHERE pipeline = :pipeline
  AND started_at > :since
  AND requested_users > 0
ORDER BY started_at

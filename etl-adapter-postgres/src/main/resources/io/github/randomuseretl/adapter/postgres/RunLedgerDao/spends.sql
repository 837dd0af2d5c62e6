-- The runs whose requests to the source may fall in the budget's window: over (finished, or past their
-- deadline while still running) after :since. A run ends at most an hour after it starts (its deadline;
-- ETL_RUN_TIMEOUT is at most 1h), which lets the (pipeline, started_at) index narrow the scan.
SELECT COALESCE(finished_at, deadline) AS done_by, requested_users
FROM <schema>.etl_runs
WHERE pipeline = :pipeline
  AND started_at > CAST(:since AS timestamptz) - interval '1 hour'
  AND COALESCE(finished_at, deadline) > :since
  AND requested_users > 0
ORDER BY done_by

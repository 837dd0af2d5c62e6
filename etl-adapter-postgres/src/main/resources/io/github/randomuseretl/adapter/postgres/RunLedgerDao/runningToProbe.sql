-- The slot's running runs not being written right now: a row locked by a writing transaction belongs
-- to a live run, so it is skipped rather than waited for.
SELECT run_id
FROM <schema>.etl_runs
WHERE pipeline = :pipeline
  AND slot = :slot
  AND status = 'running'
FOR UPDATE SKIP LOCKED

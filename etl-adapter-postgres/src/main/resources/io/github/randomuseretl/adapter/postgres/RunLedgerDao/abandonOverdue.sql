UPDATE <schema>.etl_runs
SET status = 'abandoned',
    finished_at = :now,
    error = 'abandoned: still running at ' || to_char(CAST(:now AS timestamptz) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
            || ', past its deadline ' || to_char(deadline AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
            || ' and the grace period; its process is presumed dead'
WHERE pipeline = :pipeline
  AND slot = :slot
  AND status = 'running'
  AND deadline < :overdueBefore
RETURNING run_id

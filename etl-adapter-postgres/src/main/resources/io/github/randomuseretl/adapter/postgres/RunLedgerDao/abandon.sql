UPDATE <schema>.etl_runs
SET status = 'abandoned',
    finished_at = :now,
    error = 'abandoned: its session ended at or before ' || to_char(CAST(:now AS timestamptz) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
            || ' without finishing the run (the process died or lost its connection)'
WHERE run_id = :runId
  AND status = 'running'

-- Old rows, and every row of a run pruneRuns is about to delete.
DELETE FROM <schema>.quarantine q
WHERE q.quarantined_at < :before
   OR q.run_id IN (SELECT r.run_id
                   FROM <schema>.etl_runs r
                   WHERE r.started_at < :before
                     AND r.status <> 'running')

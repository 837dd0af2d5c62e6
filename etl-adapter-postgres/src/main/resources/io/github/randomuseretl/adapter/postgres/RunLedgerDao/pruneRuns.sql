-- The caller deletes these runs' quarantine rows first, so the ON DELETE CASCADE finds nothing left to count.
DELETE FROM <schema>.etl_runs
WHERE started_at < :before
  AND (status <> 'running' OR deadline < :before)

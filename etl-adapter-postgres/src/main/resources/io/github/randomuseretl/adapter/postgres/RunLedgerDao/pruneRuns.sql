-- The caller deletes these runs' quarantine rows first, so the ON DELETE CASCADE finds nothing left to
-- count, and abandons first the running runs whose session is gone; a live run is never pruned.
DELETE FROM <schema>.etl_runs
WHERE started_at < :before
  AND status <> 'running'

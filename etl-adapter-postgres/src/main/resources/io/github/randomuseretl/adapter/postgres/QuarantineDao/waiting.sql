SELECT id, run_id, quarantined_at, origin, raw_format, raw_bytes, raw_sha256, reasons::text AS reasons, replayed_at, replayed_by_run
FROM <schema>.quarantine
WHERE replayed_at IS NULL
  AND (CAST(:runId AS uuid) IS NULL OR run_id = CAST(:runId AS uuid))
ORDER BY id
LIMIT :limit

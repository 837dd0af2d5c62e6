UPDATE <schema>.quarantine
SET replayed_at = :now,
    replayed_by_run = :runId
WHERE id = ANY(:ids)
  AND replayed_at IS NULL

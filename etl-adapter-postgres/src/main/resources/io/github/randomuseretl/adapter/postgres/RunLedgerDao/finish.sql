UPDATE <schema>.etl_runs
SET status = :status,
    fetched = :fetched,
    inserted = :inserted,
    updated = :updated,
    unchanged = :unchanged,
    rejected = :rejected,
    fetch_ms = :fetchMs,
    validate_ms = :validateMs,
    load_ms = :loadMs,
    total_ms = :totalMs,
    finished_at = :finishedAt,
    error = :error,
    rate_limited_until = :rateLimitedUntil
WHERE run_id = :runId
  AND status = 'running'

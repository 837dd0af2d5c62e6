INSERT INTO <schema>.quarantine (run_id, quarantined_at, origin, raw_format, raw, reasons)
VALUES (:runId, :quarantinedAt, :origin, :rawFormat, CAST(:raw AS jsonb), CAST(:reasons AS jsonb))

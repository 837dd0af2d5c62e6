INSERT INTO <schema>.quarantine (run_id, quarantined_at, origin, raw_format, raw_bytes, raw_sha256, raw, reasons)
VALUES (:runId, :quarantinedAt, :origin, 'received', :rawBytes, :rawSha256, <schema>.jsonb_or_null(:rawJson), CAST(:reasons AS jsonb))

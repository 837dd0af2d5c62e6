UPDATE <schema>.etl_runs
SET archived = CAST(:archived AS jsonb),
    unknown_fields = CAST(:unknownFields AS jsonb),
    missing_fields = CAST(:missingFields AS jsonb)
WHERE run_id = :runId

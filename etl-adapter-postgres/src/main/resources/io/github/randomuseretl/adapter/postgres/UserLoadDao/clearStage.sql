DELETE FROM <schema>.users_stage
WHERE run_id = :runId

INSERT INTO <schema>.etl_runs (run_id, pipeline, slot, trigger, attempt, status, started_at, deadline, parameters, requested_users)
VALUES (:runId, :pipeline, :slot, :trigger, :attempt, 'running', :startedAt, :deadline, CAST(:parameters AS jsonb), :users)

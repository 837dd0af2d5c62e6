-- Issue 11: every minute accounted for.
-- What each run asked of the source's budget, so replicas share one count; a window the source said is
-- spent (HTTP 429 without Retry-After), so every replica waits for it; and the indexes the budget, the
-- first-run and the gap queries read. A run's liveness needs no column: it is a session-level advisory
-- lock held by the run's own database session (see PostgresUserSink), freed by PostgreSQL the moment
-- that session ends.
ALTER TABLE ${schema}.etl_runs ADD COLUMN requested_users bigint NOT NULL DEFAULT 0 CHECK (requested_users >= 0);
ALTER TABLE ${schema}.etl_runs ADD COLUMN rate_limited_until timestamptz;

COMMENT ON COLUMN ${schema}.etl_runs.requested_users IS 'Users the run asked the source for; counted against ETL_SOURCE_BUDGET by every claim of the pipeline.';
COMMENT ON COLUMN ${schema}.etl_runs.rate_limited_until IS 'Set when the source answered 429 without Retry-After: until then, claims of the pipeline that ask the source for users are deferred.';

-- The budget (runs of a pipeline started in the last window), the first run, and the last success.
CREATE INDEX etl_runs_pipeline_started_at ON ${schema}.etl_runs (pipeline, started_at);
CREATE INDEX etl_runs_rate_limited ON ${schema}.etl_runs (pipeline, rate_limited_until) WHERE rate_limited_until IS NOT NULL;

-- The run ledger: one row per claimed run. The slot is the unit of exactly-once.
CREATE TABLE ${schema}.etl_runs (
    run_id       uuid        PRIMARY KEY,
    pipeline     text        NOT NULL,
    slot         timestamptz NOT NULL,
    trigger      text        NOT NULL CHECK (trigger IN ('schedule', 'lambda', 'manual', 'backfill', 'replay')),
    attempt      integer     NOT NULL CHECK (attempt >= 1),
    status       text        NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned')),
    started_at   timestamptz NOT NULL,
    deadline     timestamptz NOT NULL,
    finished_at  timestamptz,
    fetched      bigint      NOT NULL DEFAULT 0 CHECK (fetched >= 0),
    inserted     bigint      NOT NULL DEFAULT 0 CHECK (inserted >= 0),
    updated      bigint      NOT NULL DEFAULT 0 CHECK (updated >= 0),
    unchanged    bigint      NOT NULL DEFAULT 0 CHECK (unchanged >= 0),
    rejected     bigint      NOT NULL DEFAULT 0 CHECK (rejected >= 0),
    fetch_ms     bigint CHECK (fetch_ms >= 0),
    validate_ms  bigint CHECK (validate_ms >= 0),
    load_ms      bigint CHECK (load_ms >= 0),
    total_ms     bigint CHECK (total_ms >= 0),
    error        text,
    parameters   jsonb       NOT NULL DEFAULT '{}'::jsonb,
    CHECK (deadline > started_at),
    CHECK (status = 'running' OR finished_at IS NOT NULL),
    CHECK (status <> 'failed' OR error IS NOT NULL)
);

COMMENT ON TABLE ${schema}.etl_runs IS 'Run ledger: one row per claimed run; at most one succeeded and one running run per (pipeline, slot).';

-- Exactly once: at most one succeeded run per slot ...
CREATE UNIQUE INDEX etl_runs_one_success ON ${schema}.etl_runs (pipeline, slot) WHERE status = 'succeeded';
-- ... and at most one live run per slot.
CREATE UNIQUE INDEX etl_runs_one_running ON ${schema}.etl_runs (pipeline, slot) WHERE status = 'running';
CREATE UNIQUE INDEX etl_runs_attempt ON ${schema}.etl_runs (pipeline, slot, attempt);
CREATE INDEX etl_runs_started_at ON ${schema}.etl_runs (started_at);

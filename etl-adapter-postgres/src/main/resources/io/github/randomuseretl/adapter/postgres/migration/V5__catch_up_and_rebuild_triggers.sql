-- Two new ways a run starts: a runner catching up a slot that has no succeeded run, and a rebuild
-- from the raw archive.
ALTER TABLE ${schema}.etl_runs DROP CONSTRAINT etl_runs_trigger_check;
ALTER TABLE ${schema}.etl_runs ADD CONSTRAINT etl_runs_trigger_check
    CHECK (trigger IN ('schedule', 'lambda', 'manual', 'backfill', 'replay', 'catch-up', 'rebuild'));

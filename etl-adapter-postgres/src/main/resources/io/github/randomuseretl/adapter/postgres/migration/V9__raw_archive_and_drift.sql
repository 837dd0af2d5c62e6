-- The raw landing zone and schema drift (issue 14).
--   archived:       the objects the run stored in the raw archive, [{"key", "bytes", "sha256"}, ...] in order
--   unknown_fields: records per JSON pointer the contract does not know, {"/location/plus_code": 3, ...}
--   missing_fields: records per optional part of the contract they lacked, {"/id/value": 12, ...}
--   reload:         a rebuild --force of a slot that had already succeeded: a second success of the slot,
--                   allowed only for it, so every other run stays exactly once
ALTER TABLE ${schema}.etl_runs
    ADD COLUMN archived       jsonb   NOT NULL DEFAULT '[]'::jsonb,
    ADD COLUMN unknown_fields jsonb   NOT NULL DEFAULT '{}'::jsonb,
    ADD COLUMN missing_fields jsonb   NOT NULL DEFAULT '{}'::jsonb,
    ADD COLUMN reload         boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT etl_runs_reload_is_rebuild CHECK (NOT reload OR trigger = 'rebuild');

COMMENT ON COLUMN ${schema}.etl_runs.archived IS 'Raw archive objects the run stored: key (below ETL_ARCHIVE_URL), gzip bytes, sha256 of the stored object.';
COMMENT ON COLUMN ${schema}.etl_runs.unknown_fields IS 'Records per JSON pointer the contract does not know (schema drift: fields the API added).';
COMMENT ON COLUMN ${schema}.etl_runs.missing_fields IS 'Records per optional contract part they lacked (schema drift: fields the API stopped sending).';
COMMENT ON COLUMN ${schema}.etl_runs.reload IS 'A rebuild --force of a slot that had already succeeded.';

-- Exactly once still holds for every run but a forced reload of an already loaded slot.
DROP INDEX ${schema}.etl_runs_one_success;
CREATE UNIQUE INDEX etl_runs_one_success ON ${schema}.etl_runs (pipeline, slot) WHERE status = 'succeeded' AND NOT reload;

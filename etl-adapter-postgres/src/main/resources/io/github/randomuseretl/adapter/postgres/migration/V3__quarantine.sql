-- Every rejected record, with its reasons; credentials are redacted before a row is written.
CREATE TABLE ${schema}.quarantine (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id           uuid        NOT NULL REFERENCES ${schema}.etl_runs (run_id) ON DELETE CASCADE,
    quarantined_at   timestamptz NOT NULL,
    origin           text        NOT NULL,
    raw_format       text        NOT NULL CHECK (raw_format IN ('json', 'text', 'base64')),
    raw              jsonb       NOT NULL,
    reasons          jsonb       NOT NULL CHECK (jsonb_typeof(reasons) = 'array'),
    replayed_at      timestamptz,
    replayed_by_run  uuid,
    CHECK ((replayed_at IS NULL) = (replayed_by_run IS NULL))
);

COMMENT ON TABLE ${schema}.quarantine IS 'Rejected records: raw payload (credentials redacted) and every reason.';
COMMENT ON COLUMN ${schema}.quarantine.raw_format IS 'json: raw is the record; text: raw is a JSON string holding a payload that was not JSON; base64: a JSON string holding the UTF-8 bytes of a payload PostgreSQL cannot store as text (it held U+0000).';
COMMENT ON COLUMN ${schema}.quarantine.replayed_by_run IS 'The replay run that loaded this record; NULL while it waits.';

CREATE INDEX quarantine_run_id ON ${schema}.quarantine (run_id);
CREATE INDEX quarantine_quarantined_at ON ${schema}.quarantine (quarantined_at);
CREATE INDEX quarantine_waiting ON ${schema}.quarantine (id) WHERE replayed_at IS NULL;

-- The quarantine keeps each rejected record exactly as it was received: its bytes (credential values
-- redacted in place by the validator, nothing else changed), their SHA-256, and a jsonb copy only where
-- jsonb can hold the record faithfully. jsonb alone lost what made a record bad: a key given twice kept
-- only its last value (so a replay loaded it), and a number or text PostgreSQL cannot hold failed the
-- insert, and with it the whole batch.
ALTER TABLE ${schema}.quarantine
    ADD COLUMN raw_bytes  bytea,
    ADD COLUMN raw_sha256 bytea,
    ALTER COLUMN raw DROP NOT NULL;

-- Rows quarantined before this version keep what they had: the record's text for payloads that were
-- not JSON; jsonb's normal form for the rest (the text they arrived as is gone).
UPDATE ${schema}.quarantine
SET raw_bytes = CASE raw_format
                    WHEN 'json'   THEN convert_to(raw::text, 'UTF8')
                    WHEN 'text'   THEN convert_to(raw #>> '{}', 'UTF8')
                    WHEN 'base64' THEN decode(raw #>> '{}', 'base64')
                END;
UPDATE ${schema}.quarantine SET raw_sha256 = sha256(raw_bytes);
UPDATE ${schema}.quarantine SET raw = NULL WHERE raw_format <> 'json';

ALTER TABLE ${schema}.quarantine DROP CONSTRAINT IF EXISTS quarantine_raw_format_check;
UPDATE ${schema}.quarantine SET raw_format = CASE raw_format WHEN 'json' THEN 'normalised' ELSE 'received' END;

ALTER TABLE ${schema}.quarantine
    ALTER COLUMN raw_bytes SET NOT NULL,
    ALTER COLUMN raw_sha256 SET NOT NULL,
    ADD CONSTRAINT quarantine_raw_format CHECK (raw_format IN ('received', 'normalised')),
    ADD CONSTRAINT quarantine_raw_sha256 CHECK (raw_sha256 = sha256(raw_bytes));

COMMENT ON COLUMN ${schema}.quarantine.raw_bytes IS 'The record as received, as UTF-8 bytes (a byte that was not UTF-8 kept as it came), with only credential values redacted in place; at most the first 64 KiB of a larger record. bytea, so NUL and text that is not valid Unicode are kept too.';
COMMENT ON COLUMN ${schema}.quarantine.raw_sha256 IS 'SHA-256 of raw_bytes: the record as stored. Never of the unredacted bytes, which would let anyone who reads this table test password guesses against it.';
COMMENT ON COLUMN ${schema}.quarantine.raw IS 'A jsonb copy of raw_bytes where jsonb holds the record faithfully (JSON, no key twice, no NUL or lone surrogate, numbers numeric can hold); NULL otherwise.';
COMMENT ON COLUMN ${schema}.quarantine.raw_format IS 'received: raw_bytes are the record as received (credentials redacted); normalised: quarantined before version 6, raw_bytes are jsonb''s normal form of the record.';

-- jsonb of a text, or NULL where jsonb refuses it: a quarantine row is written whatever the record holds.
CREATE FUNCTION ${schema}.jsonb_or_null(text) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE STRICT AS $$
BEGIN
    RETURN $1::jsonb;
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$$;

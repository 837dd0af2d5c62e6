-- The warehouse: a star schema over the core tables, for analysis and Grafana's business panels.
--
--   dim_user          SCD type 2: one row per version of a user, a copy of users_history's version
--   dim_date          one row per calendar day, contiguous, covering every date a fact refers to
--   dim_nationality   one row per nationality code, with its country's name
--   fact_registration one row per user: the version current when the row was (re)loaded, dates, age
--   fact_run          one row per finished run
--
-- Kept in step in the transaction that changes the core tables: the sink calls
-- warehouse_load_run(run) in its write transaction, and a trigger on etl_runs writes a run's fact_run row
-- in the transaction that ends the run, whichever way it ends (written, failed, abandoned), and again
-- whenever a finished run's status changes. At the end,
-- this migration fills the star schema from the data already loaded (warehouse_sync, which also repairs
-- a star schema that fell behind).
--
-- Kept portable to Amazon Redshift where that costs nothing: no jsonb, arrays or domain types in the
-- star schema, date keys computed with EXTRACT, SQL functions with positional parameters. What would
-- differ there is in the module's README ("Star schema").

-- SQL functions the load, the repair and the trigger share, so each rule is written once.

-- Both are inlined into the statements that call them (IMMUTABLE SQL). date_part (double precision) rather
-- than extract (numeric since PostgreSQL 14): a third of the time over 100,000 rows.

-- yyyymmdd of the UTC date of an instant, e.g. 20260301; NULL for NULL.
CREATE FUNCTION ${schema}.warehouse_date_key(timestamptz) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT CAST(date_part('year', $1 AT TIME ZONE 'UTC') * 10000
              + date_part('month', $1 AT TIME ZONE 'UTC') * 100
              + date_part('day', $1 AT TIME ZONE 'UTC') AS integer)
$$;

-- Whole years from the first instant's UTC date to the second's (a birthday counts from the day itself;
-- born on 29 February, one is a year older on 1 March of a common year); NULL when either is NULL.
CREATE FUNCTION ${schema}.warehouse_age(timestamptz, timestamptz) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT CAST(date_part('year', $2 AT TIME ZONE 'UTC') - date_part('year', $1 AT TIME ZONE 'UTC')
              - CASE WHEN date_part('month', $2 AT TIME ZONE 'UTC') * 100 + date_part('day', $2 AT TIME ZONE 'UTC')
                        < date_part('month', $1 AT TIME ZONE 'UTC') * 100 + date_part('day', $1 AT TIME ZONE 'UTC')
                     THEN 1 ELSE 0 END AS integer)
$$;

CREATE TABLE ${schema}.dim_date (
    date_key      integer     PRIMARY KEY,
    date          date        NOT NULL UNIQUE,
    year          smallint    NOT NULL,
    quarter       smallint    NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    month         smallint    NOT NULL CHECK (month BETWEEN 1 AND 12),
    day           smallint    NOT NULL CHECK (day BETWEEN 1 AND 31),
    month_name    text        NOT NULL,
    iso_year      smallint    NOT NULL,
    iso_week      smallint    NOT NULL CHECK (iso_week BETWEEN 1 AND 53),
    weekday       smallint    NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    weekday_name  text        NOT NULL,
    CHECK (date_key = year * 10000 + month * 100 + day)
);

COMMENT ON TABLE ${schema}.dim_date IS 'Date dimension: one row per calendar day, without gaps between the earliest and the latest date any fact refers to.';
COMMENT ON COLUMN ${schema}.dim_date.date_key IS 'yyyymmdd, e.g. 20260301.';
COMMENT ON COLUMN ${schema}.dim_date.iso_year IS 'The ISO 8601 week-numbering year iso_week belongs to (1 January may be in the previous one).';
COMMENT ON COLUMN ${schema}.dim_date.weekday IS 'ISO 8601: 1 Monday .. 7 Sunday.';

CREATE TABLE ${schema}.dim_nationality (
    nationality_key  integer  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code             text     NOT NULL UNIQUE,
    country_name     text
);

COMMENT ON TABLE ${schema}.dim_nationality IS 'Nationality dimension: one row per code the source sends; a code first seen in a load is added by it.';
COMMENT ON COLUMN ${schema}.dim_nationality.country_name IS 'English name of the country, as randomuser.me writes it in location.country; NULL for LEGO (no country) and for a code this migration did not know (set it by hand).';

-- The codes of randomuser.me 1.3 and 1.4, and the fictional LEGO, in code order.
INSERT INTO ${schema}.dim_nationality (code, country_name) VALUES
    ('AU', 'Australia'), ('BR', 'Brazil'), ('CA', 'Canada'), ('CH', 'Switzerland'), ('DE', 'Germany'),
    ('DK', 'Denmark'), ('ES', 'Spain'), ('FI', 'Finland'), ('FR', 'France'), ('GB', 'United Kingdom'),
    ('IE', 'Ireland'), ('IN', 'India'), ('IR', 'Iran'), ('LEGO', NULL), ('MX', 'Mexico'), ('NL', 'Netherlands'),
    ('NO', 'Norway'), ('NZ', 'New Zealand'), ('RS', 'Serbia'), ('TR', 'Turkey'), ('UA', 'Ukraine'),
    ('US', 'United States');

-- A copy of every users_history version, under a surrogate key, without the password digest (no
-- credential enters the warehouse). (uuid, run_id) names the users_history version it copies; it is not
-- declared unique: that index doubled the cost of adding 100,000 versions, and the procedures add a
-- version only for a users_history version that has none (StarSchemaIT checks it).
CREATE TABLE ${schema}.dim_user (
    user_key           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid               uuid        NOT NULL,
    run_id             uuid        NOT NULL,
    valid_from         timestamptz NOT NULL,
    valid_to           timestamptz,
    is_current         boolean     NOT NULL,
    username           text        NOT NULL,
    title              text        NOT NULL,
    first_name         text        NOT NULL,
    last_name          text        NOT NULL,
    gender             text,
    email              text        NOT NULL,
    date_of_birth      timestamptz,
    registered_at      timestamptz,
    phone              text,
    cell               text,
    street_number      integer,
    street_name        text,
    city               text,
    state              text,
    country            text,
    postcode           text,
    latitude           numeric,
    longitude          numeric,
    tz_offset          text,
    tz_description     text,
    national_id_name   text,
    national_id_value  text,
    picture_large      text,
    picture_medium     text,
    picture_thumbnail  text,
    nationality        text        NOT NULL,
    CHECK (is_current = (valid_to IS NULL)),
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

COMMENT ON TABLE ${schema}.dim_user IS 'User dimension, SCD type 2: one row per version, opened and closed as users_history opens and closes it.';
COMMENT ON COLUMN ${schema}.dim_user.run_id IS 'The run that loaded this version; (uuid, run_id) is the users_history version it copies.';

CREATE UNIQUE INDEX dim_user_one_current ON ${schema}.dim_user (uuid) WHERE is_current;

-- No foreign keys on the facts, as in Redshift (where they would be informational only): the procedures
-- write the dimension rows before the facts that name them, in the same transaction, and StarSchemaIT
-- checks that every fact joins. Enforced, their four row-by-row checks per user doubled the star
-- schema's share of a 100,000-user load.
CREATE TABLE ${schema}.fact_registration (
    uuid                 uuid     PRIMARY KEY,
    user_key             bigint   NOT NULL,
    registered_date_key  integer,
    birth_date_key       integer,
    nationality_key      integer  NOT NULL,
    age_at_registration  smallint
);

COMMENT ON TABLE ${schema}.fact_registration IS 'One row per user, reloaded whenever a run inserts or changes the user: user_key is the version current after that load.';
COMMENT ON COLUMN ${schema}.fact_registration.user_key IS 'dim_user.user_key of the version current when the row was last loaded (the user''s current version).';
COMMENT ON COLUMN ${schema}.fact_registration.nationality_key IS 'dim_nationality.nationality_key.';
COMMENT ON COLUMN ${schema}.fact_registration.registered_date_key IS 'dim_date.date_key of the UTC date of registered_at; NULL when the source was asked to leave registered out.';
COMMENT ON COLUMN ${schema}.fact_registration.birth_date_key IS 'dim_date.date_key of the UTC date of date_of_birth; NULL when the source was asked to leave dob out.';
COMMENT ON COLUMN ${schema}.fact_registration.age_at_registration IS 'Whole years from the birth date to the registration date (UTC); NULL when either is missing.';

-- Kept after the ledger's pruning: the warehouse holds the whole history of runs.
CREATE TABLE ${schema}.fact_run (
    run_id       uuid        PRIMARY KEY,
    date_key     integer     NOT NULL,
    slot         timestamptz NOT NULL,
    pipeline     text        NOT NULL,
    trigger      text        NOT NULL,
    attempt      integer     NOT NULL,
    status       text        NOT NULL,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz NOT NULL,
    fetched      bigint      NOT NULL,
    inserted     bigint      NOT NULL,
    updated      bigint      NOT NULL,
    unchanged    bigint      NOT NULL,
    rejected     bigint      NOT NULL,
    fetch_ms     bigint,
    validate_ms  bigint,
    load_ms      bigint,
    total_ms     bigint
);

COMMENT ON TABLE ${schema}.fact_run IS 'One row per finished run (succeeded, failed, abandoned, or any finished status), added in the transaction that ends it and updated in one that changes its status later; prune leaves it.';
COMMENT ON COLUMN ${schema}.fact_run.date_key IS 'dim_date.date_key of the UTC date of the slot.';
COMMENT ON COLUMN ${schema}.fact_run.fetch_ms IS 'NULL for a run that never recorded its durations (abandoned).';

CREATE INDEX fact_run_slot ON ${schema}.fact_run (slot);

-- The load finds a run's versions by run id; users_history's key (uuid, run_id) cannot.
CREATE INDEX users_history_run_id ON ${schema}.users_history (run_id);

-- Extends dim_date, without gaps, so that it covers the days from p_first to p_last (NULL: no dates).
-- Only the days below and above what it already covers are generated, so the usual call inserts nothing.
-- Concurrent loads insert overlapping days in the same ascending order and skip each other's.
CREATE PROCEDURE ${schema}.warehouse_cover_dates(p_first date, p_last date)
LANGUAGE plpgsql AS $$
DECLARE
    low  date;
    high date;
BEGIN
    IF p_first IS NULL OR p_last IS NULL THEN
        RETURN;
    END IF;
    SELECT min(d.date), max(d.date) INTO low, high FROM ${schema}.dim_date d;
    IF low IS NULL THEN
        -- Empty: everything goes in "below".
        low := p_last + 1;
        high := p_last;
    ELSIF p_first >= low AND p_last <= high THEN
        RETURN;
    END IF;
    INSERT INTO ${schema}.dim_date (date_key, date, year, quarter, month, day, month_name, iso_year, iso_week, weekday, weekday_name)
    SELECT ${schema}.warehouse_date_key(CAST(g.day AS timestamp) AT TIME ZONE 'UTC'), g.day,
           extract(year FROM g.day), extract(quarter FROM g.day), extract(month FROM g.day), extract(day FROM g.day),
           to_char(g.day, 'FMMonth'), extract(isoyear FROM g.day), extract(week FROM g.day), extract(isodow FROM g.day),
           to_char(g.day, 'FMDay')
    FROM (SELECT CAST(s AS date) AS day
          FROM generate_series(CAST(p_first AS timestamp), CAST(low - 1 AS timestamp), interval '1 day') s
          UNION ALL
          SELECT CAST(s AS date)
          FROM generate_series(CAST(high + 1 AS timestamp), CAST(p_last AS timestamp), interval '1 day') s) g
    ORDER BY g.day
    ON CONFLICT (date_key) DO NOTHING;
END
$$;

-- The data warehouse procedure: brings the star schema in step with what run p_run wrote to users and
-- users_history, in the caller's transaction (the sink calls it in its write transaction). Set-based,
-- and only over the run's own versions (found by users_history_run_id): an unchanged user has no new
-- version, so it costs nothing; a new user gets its first dim_user version and its fact row; a changed
-- user's current version is closed exactly as users_history closed it, the new one opened, and its fact
-- row reloaded to point at it. A run that wrote no user (failed, or rejections only) changes nothing.
-- Calling it twice for one run is an error (dim_user_one_current refuses a second current version), never
-- a duplicate.
CREATE PROCEDURE ${schema}.warehouse_load_run(p_run uuid)
LANGUAGE plpgsql AS $$
DECLARE
    first_day date;
    last_day  date;
BEGIN
    -- Dimensions first, in the same order as every other writer (nationalities, then dates).
    INSERT INTO ${schema}.dim_nationality (code)
    SELECT DISTINCT h.nationality
    FROM ${schema}.users_history h
    WHERE h.run_id = p_run
      AND NOT EXISTS (SELECT 1 FROM ${schema}.dim_nationality n WHERE n.code = h.nationality)
    ORDER BY 1
    ON CONFLICT (code) DO NOTHING;

    SELECT least(min(CAST(h.registered_at AT TIME ZONE 'UTC' AS date)), min(CAST(h.date_of_birth AT TIME ZONE 'UTC' AS date))),
           greatest(max(CAST(h.registered_at AT TIME ZONE 'UTC' AS date)), max(CAST(h.date_of_birth AT TIME ZONE 'UTC' AS date)))
    INTO first_day, last_day
    FROM ${schema}.users_history h
    WHERE h.run_id = p_run;
    CALL ${schema}.warehouse_cover_dates(first_day, last_day);

    -- Close each version the run's versions replace, where users_history closed it: at the new version's
    -- valid_from (the sink closes and opens at the same instant; StarSchemaIT holds the two tables equal).
    UPDATE ${schema}.dim_user d
    SET valid_to = h.valid_from,
        is_current = false
    FROM ${schema}.users_history h
    WHERE h.run_id = p_run
      AND d.uuid = h.uuid
      AND d.is_current
      AND d.run_id <> p_run;

    -- Open the run's versions and (re)load their users' facts.
    WITH opened AS (
        INSERT INTO ${schema}.dim_user (uuid, run_id, valid_from, valid_to, is_current, username, title, first_name, last_name,
            gender, email, date_of_birth, registered_at, phone, cell, street_number, street_name, city, state, country, postcode,
            latitude, longitude, tz_offset, tz_description, national_id_name, national_id_value, picture_large, picture_medium,
            picture_thumbnail, nationality)
        SELECT h.uuid, h.run_id, h.valid_from, h.valid_to, h.is_current, h.username, h.title, h.first_name, h.last_name,
            h.gender, h.email, h.date_of_birth, h.registered_at, h.phone, h.cell, h.street_number, h.street_name, h.city, h.state,
            h.country, h.postcode, h.latitude, h.longitude, h.tz_offset, h.tz_description, h.national_id_name,
            h.national_id_value, h.picture_large, h.picture_medium, h.picture_thumbnail, h.nationality
        FROM ${schema}.users_history h
        WHERE h.run_id = p_run
        RETURNING user_key, uuid, is_current, registered_at, date_of_birth, nationality
    )
    INSERT INTO ${schema}.fact_registration (uuid, user_key, registered_date_key, birth_date_key, nationality_key,
        age_at_registration)
    SELECT o.uuid, o.user_key, ${schema}.warehouse_date_key(o.registered_at), ${schema}.warehouse_date_key(o.date_of_birth),
           n.nationality_key, ${schema}.warehouse_age(o.date_of_birth, o.registered_at)
    FROM opened o
    JOIN ${schema}.dim_nationality n ON n.code = o.nationality
    WHERE o.is_current
    ORDER BY o.uuid
    ON CONFLICT (uuid) DO UPDATE SET
        user_key = EXCLUDED.user_key,
        registered_date_key = EXCLUDED.registered_date_key,
        birth_date_key = EXCLUDED.birth_date_key,
        nationality_key = EXCLUDED.nationality_key,
        age_at_registration = EXCLUDED.age_at_registration;
END
$$;

-- Brings the whole star schema in step with users, users_history and etl_runs, whatever it holds: adds
-- missing nationalities, dates, versions (with their own valid_from, valid_to, is_current), facts and
-- run facts, closes versions users_history has closed, and rewrites a run fact that differs from its
-- run (e.g. a status given to a finished run while the trigger was missing). Idempotent: a second call changes nothing. This
-- migration calls it to fill the star schema from existing data; call it by hand to repair one that
-- fell behind (e.g. after loads by a process that did not keep the star schema yet):
--   CALL <schema>.warehouse_sync();
CREATE PROCEDURE ${schema}.warehouse_sync()
LANGUAGE plpgsql AS $$
DECLARE
    first_day date;
    last_day  date;
BEGIN
    INSERT INTO ${schema}.dim_nationality (code)
    SELECT DISTINCT h.nationality
    FROM ${schema}.users_history h
    WHERE NOT EXISTS (SELECT 1 FROM ${schema}.dim_nationality n WHERE n.code = h.nationality)
    ORDER BY 1
    ON CONFLICT (code) DO NOTHING;

    SELECT min(x.day), max(x.day) INTO first_day, last_day
    FROM (SELECT CAST(h.registered_at AT TIME ZONE 'UTC' AS date) AS day FROM ${schema}.users_history h
          UNION ALL
          SELECT CAST(h.date_of_birth AT TIME ZONE 'UTC' AS date) FROM ${schema}.users_history h
          UNION ALL
          SELECT CAST(r.slot AT TIME ZONE 'UTC' AS date) FROM ${schema}.etl_runs r WHERE r.status <> 'running') x;
    CALL ${schema}.warehouse_cover_dates(first_day, last_day);

    UPDATE ${schema}.dim_user d
    SET valid_to = h.valid_to,
        is_current = false
    FROM ${schema}.users_history h
    WHERE h.uuid = d.uuid
      AND h.run_id = d.run_id
      AND d.is_current
      AND NOT h.is_current;

    INSERT INTO ${schema}.dim_user (uuid, run_id, valid_from, valid_to, is_current, username, title, first_name, last_name,
        gender, email, date_of_birth, registered_at, phone, cell, street_number, street_name, city, state, country, postcode,
        latitude, longitude, tz_offset, tz_description, national_id_name, national_id_value, picture_large, picture_medium,
        picture_thumbnail, nationality)
    SELECT h.uuid, h.run_id, h.valid_from, h.valid_to, h.is_current, h.username, h.title, h.first_name, h.last_name,
        h.gender, h.email, h.date_of_birth, h.registered_at, h.phone, h.cell, h.street_number, h.street_name, h.city, h.state,
        h.country, h.postcode, h.latitude, h.longitude, h.tz_offset, h.tz_description, h.national_id_name,
        h.national_id_value, h.picture_large, h.picture_medium, h.picture_thumbnail, h.nationality
    FROM ${schema}.users_history h
    WHERE NOT EXISTS (SELECT 1 FROM ${schema}.dim_user d WHERE d.uuid = h.uuid AND d.run_id = h.run_id)
    ORDER BY h.valid_from, h.uuid;

    INSERT INTO ${schema}.fact_registration (uuid, user_key, registered_date_key, birth_date_key, nationality_key,
        age_at_registration)
    SELECT d.uuid, d.user_key, ${schema}.warehouse_date_key(d.registered_at), ${schema}.warehouse_date_key(d.date_of_birth),
           n.nationality_key, ${schema}.warehouse_age(d.date_of_birth, d.registered_at)
    FROM ${schema}.dim_user d
    JOIN ${schema}.dim_nationality n ON n.code = d.nationality
    WHERE d.is_current
      AND NOT EXISTS (SELECT 1 FROM ${schema}.fact_registration x WHERE x.uuid = d.uuid AND x.user_key = d.user_key)
    ORDER BY d.uuid
    ON CONFLICT (uuid) DO UPDATE SET
        user_key = EXCLUDED.user_key,
        registered_date_key = EXCLUDED.registered_date_key,
        birth_date_key = EXCLUDED.birth_date_key,
        nationality_key = EXCLUDED.nationality_key,
        age_at_registration = EXCLUDED.age_at_registration;

    INSERT INTO ${schema}.fact_run (run_id, date_key, slot, pipeline, trigger, attempt, status, started_at, finished_at, fetched,
        inserted, updated, unchanged, rejected, fetch_ms, validate_ms, load_ms, total_ms)
    SELECT r.run_id, ${schema}.warehouse_date_key(r.slot), r.slot, r.pipeline, r.trigger, r.attempt, r.status, r.started_at,
           r.finished_at, r.fetched, r.inserted, r.updated, r.unchanged, r.rejected, r.fetch_ms, r.validate_ms, r.load_ms,
           r.total_ms
    FROM ${schema}.etl_runs r
    WHERE r.status <> 'running'
      AND NOT EXISTS (SELECT 1 FROM ${schema}.fact_run x WHERE x.run_id = r.run_id
                      AND (x.slot, x.pipeline, x.trigger, x.attempt, x.status, x.started_at, x.finished_at, x.fetched, x.inserted,
                           x.updated, x.unchanged, x.rejected, x.fetch_ms, x.validate_ms, x.load_ms, x.total_ms)
                          IS NOT DISTINCT FROM
                          (r.slot, r.pipeline, r.trigger, r.attempt, r.status, r.started_at, r.finished_at, r.fetched, r.inserted,
                           r.updated, r.unchanged, r.rejected, r.fetch_ms, r.validate_ms, r.load_ms, r.total_ms))
    ORDER BY r.started_at, r.run_id
    ON CONFLICT (run_id) DO UPDATE SET
        (date_key, slot, pipeline, trigger, attempt, status, started_at, finished_at, fetched, inserted, updated, unchanged, rejected,
         fetch_ms, validate_ms, load_ms, total_ms)
        = (EXCLUDED.date_key, EXCLUDED.slot, EXCLUDED.pipeline, EXCLUDED.trigger, EXCLUDED.attempt, EXCLUDED.status,
           EXCLUDED.started_at, EXCLUDED.finished_at, EXCLUDED.fetched, EXCLUDED.inserted, EXCLUDED.updated, EXCLUDED.unchanged,
           EXCLUDED.rejected, EXCLUDED.fetch_ms, EXCLUDED.validate_ms, EXCLUDED.load_ms, EXCLUDED.total_ms);
END
$$;

-- fact_run: a run's row is written by the statement that changes the run's status, in its transaction,
-- whichever code path that is (the write, a recorded failure, a later claim marking it abandoned), so no
-- path can forget it. The rule names no finished status, only 'running' (not finished): a status a later
-- migration adds reaches fact_run with no change here, whether a run ends with it or a finished run is
-- given it afterwards (the row is then updated to the run as it stands).
CREATE FUNCTION ${schema}.warehouse_record_run() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    CALL ${schema}.warehouse_cover_dates(CAST(NEW.slot AT TIME ZONE 'UTC' AS date), CAST(NEW.slot AT TIME ZONE 'UTC' AS date));
    INSERT INTO ${schema}.fact_run (run_id, date_key, slot, pipeline, trigger, attempt, status, started_at, finished_at, fetched,
        inserted, updated, unchanged, rejected, fetch_ms, validate_ms, load_ms, total_ms)
    VALUES (NEW.run_id, ${schema}.warehouse_date_key(NEW.slot), NEW.slot, NEW.pipeline, NEW.trigger, NEW.attempt, NEW.status,
            NEW.started_at, NEW.finished_at, NEW.fetched, NEW.inserted, NEW.updated, NEW.unchanged, NEW.rejected, NEW.fetch_ms,
            NEW.validate_ms, NEW.load_ms, NEW.total_ms)
    ON CONFLICT (run_id) DO UPDATE SET
        (date_key, slot, pipeline, trigger, attempt, status, started_at, finished_at, fetched, inserted, updated, unchanged, rejected,
         fetch_ms, validate_ms, load_ms, total_ms)
        = (EXCLUDED.date_key, EXCLUDED.slot, EXCLUDED.pipeline, EXCLUDED.trigger, EXCLUDED.attempt, EXCLUDED.status,
           EXCLUDED.started_at, EXCLUDED.finished_at, EXCLUDED.fetched, EXCLUDED.inserted, EXCLUDED.updated, EXCLUDED.unchanged,
           EXCLUDED.rejected, EXCLUDED.fetch_ms, EXCLUDED.validate_ms, EXCLUDED.load_ms, EXCLUDED.total_ms);
    RETURN NULL;
END
$$;

-- Created before the backfill below: from here on, a run that ends waits for this migration's commit
-- and then fires the trigger, and one that ended before is in the backfill's snapshot.
CREATE TRIGGER etl_runs_finished AFTER UPDATE OF status ON ${schema}.etl_runs
    FOR EACH ROW WHEN (NEW.status <> 'running' AND NEW.status IS DISTINCT FROM OLD.status)
    EXECUTE FUNCTION ${schema}.warehouse_record_run();

CREATE TRIGGER etl_runs_inserted_finished AFTER INSERT ON ${schema}.etl_runs
    FOR EACH ROW WHEN (NEW.status <> 'running')
    EXECUTE FUNCTION ${schema}.warehouse_record_run();

CALL ${schema}.warehouse_sync();

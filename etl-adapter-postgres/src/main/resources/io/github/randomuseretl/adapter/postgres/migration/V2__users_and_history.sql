-- Current state: one row per user, keyed by the source's login uuid.
-- Only identity, name, e-mail and nationality are always there. Every other part (gender, dates, phones,
-- location, national id, pictures) is NULL when the source was asked to leave it out (randomuser.me's
-- inc/exc parameters); a part that is there keeps its checks, and a location, national id or set of
-- pictures is stored whole or not at all.
CREATE TABLE ${schema}.users (
    uuid               uuid        PRIMARY KEY,
    username           text        NOT NULL,
    title              text        NOT NULL,
    first_name         text        NOT NULL,
    last_name          text        NOT NULL,
    gender             text        CHECK (gender IN ('female', 'male')),
    email              text        NOT NULL,
    date_of_birth      timestamptz,
    registered_at      timestamptz,
    phone              text,
    cell               text,
    street_number      integer     CHECK (street_number >= 0),
    street_name        text,
    city               text,
    state              text,
    country            text,
    postcode           text,
    latitude           numeric     CHECK (latitude BETWEEN -90 AND 90),
    longitude          numeric     CHECK (longitude BETWEEN -180 AND 180),
    tz_offset          text,
    tz_description     text,
    national_id_name   text,
    national_id_value  text,
    picture_large      text,
    picture_medium     text,
    picture_thumbnail  text,
    nationality        text        NOT NULL,
    password_salt      text,
    password_sha256    text,
    first_seen_at      timestamptz NOT NULL,
    last_seen_at       timestamptz NOT NULL,
    last_run_id        uuid        NOT NULL,
    row_hash           bytea       NOT NULL,
    CHECK ((password_salt IS NULL) = (password_sha256 IS NULL)),
    -- country stays outside the count: it is NULL for LEGO users, whose location is otherwise whole.
    CONSTRAINT users_location_whole CHECK (
        num_nulls(street_number, street_name, city, state, postcode, latitude, longitude, tz_offset, tz_description) IN (0, 9)
        AND (country IS NULL OR street_name IS NOT NULL)),
    CONSTRAINT users_national_id_whole CHECK (national_id_name IS NOT NULL OR national_id_value IS NULL),
    CONSTRAINT users_pictures_whole CHECK (num_nulls(picture_large, picture_medium, picture_thumbnail) IN (0, 3))
);

COMMENT ON TABLE ${schema}.users IS 'Current state of every user. A row is written only when it is new or its row_hash changed.';
COMMENT ON COLUMN ${schema}.users.country IS 'NULL for the fictional LEGO nationality, which has no country, and when the location was left out (street_name is NULL too).';
COMMENT ON COLUMN ${schema}.users.gender IS 'NULL when the source was asked to leave gender out (inc/exc).';
COMMENT ON COLUMN ${schema}.users.date_of_birth IS 'NULL when the source was asked to leave dob out (inc/exc).';
COMMENT ON COLUMN ${schema}.users.registered_at IS 'NULL when the source was asked to leave registered out (inc/exc).';
COMMENT ON COLUMN ${schema}.users.street_name IS 'NULL, with every other location column, when the source was asked to leave location out (inc/exc).';
COMMENT ON COLUMN ${schema}.users.national_id_name IS 'NULL, with national_id_value, when the source was asked to leave id out (inc/exc); empty where the country has no national id.';
COMMENT ON COLUMN ${schema}.users.picture_large IS 'NULL, with the other two sizes, when the source was asked to leave picture out (inc/exc).';
COMMENT ON COLUMN ${schema}.users.last_seen_at IS 'When a run last inserted or changed this row; reloading an unchanged user writes nothing.';
COMMENT ON COLUMN ${schema}.users.last_run_id IS 'The run that last inserted or changed this row.';
COMMENT ON COLUMN ${schema}.users.row_hash IS 'SHA-256 of every mapped attribute; equal hashes mean an unchanged user.';

-- SCD type 2: every version of every user. Versions are copies of users rows, so the same columns may be
-- NULL here; the checks live on users, which every version passes through.
CREATE TABLE ${schema}.users_history (
    uuid               uuid        NOT NULL,
    valid_from         timestamptz NOT NULL,
    valid_to           timestamptz,
    is_current         boolean     NOT NULL,
    run_id             uuid        NOT NULL,
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
    password_salt      text,
    password_sha256    text,
    row_hash           bytea       NOT NULL,
    -- A run writes at most one version of a user (a batch holds each uuid once).
    PRIMARY KEY (uuid, run_id),
    CHECK (is_current = (valid_to IS NULL))
);

COMMENT ON TABLE ${schema}.users_history IS 'SCD type 2: one row per version of a user; valid_to is NULL and is_current true for the current one.';

-- At most one current version per user, enforced by the database.
CREATE UNIQUE INDEX users_history_one_current ON ${schema}.users_history (uuid) WHERE is_current;

-- Staging for one batch: COPY writes here, the upsert reads here, the same transaction deletes it.
-- A permanent UNLOGGED table rather than a temporary one: creating a temporary table pins a
-- connection behind RDS Proxy and churns the catalog every minute; rows here never outlive their
-- transaction and are never WAL-logged.
CREATE UNLOGGED TABLE ${schema}.users_stage (
    run_id             uuid        NOT NULL,
    uuid               uuid        NOT NULL,
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
    password_salt      text,
    password_sha256    text,
    row_hash           bytea       NOT NULL
);

COMMENT ON TABLE ${schema}.users_stage IS 'Load staging; rows live only inside the transaction that loads them.';

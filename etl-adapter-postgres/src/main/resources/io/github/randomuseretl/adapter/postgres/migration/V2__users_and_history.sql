-- Current state: one row per user, keyed by the source's login uuid.
CREATE TABLE ${schema}.users (
    uuid               uuid        PRIMARY KEY,
    username           text        NOT NULL,
    title              text        NOT NULL,
    first_name         text        NOT NULL,
    last_name          text        NOT NULL,
    gender             text        NOT NULL CHECK (gender IN ('female', 'male')),
    email              text        NOT NULL,
    date_of_birth      timestamptz NOT NULL,
    registered_at      timestamptz NOT NULL,
    phone              text        NOT NULL,
    cell               text        NOT NULL,
    street_number      integer     NOT NULL CHECK (street_number >= 0),
    street_name        text        NOT NULL,
    city               text        NOT NULL,
    state              text        NOT NULL,
    country            text,
    postcode           text        NOT NULL,
    latitude           numeric     NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude          numeric     NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    tz_offset          text        NOT NULL,
    tz_description     text        NOT NULL,
    national_id_name   text        NOT NULL,
    national_id_value  text,
    picture_large      text        NOT NULL,
    picture_medium     text        NOT NULL,
    picture_thumbnail  text        NOT NULL,
    nationality        text        NOT NULL,
    password_salt      text,
    password_sha256    text,
    first_seen_at      timestamptz NOT NULL,
    last_seen_at       timestamptz NOT NULL,
    last_run_id        uuid        NOT NULL,
    row_hash           bytea       NOT NULL,
    CHECK ((password_salt IS NULL) = (password_sha256 IS NULL))
);

COMMENT ON TABLE ${schema}.users IS 'Current state of every user. A row is written only when it is new or its row_hash changed.';
COMMENT ON COLUMN ${schema}.users.country IS 'NULL for the fictional LEGO nationality, which has no country.';
COMMENT ON COLUMN ${schema}.users.last_seen_at IS 'When a run last inserted or changed this row; reloading an unchanged user writes nothing.';
COMMENT ON COLUMN ${schema}.users.last_run_id IS 'The run that last inserted or changed this row.';
COMMENT ON COLUMN ${schema}.users.row_hash IS 'SHA-256 of every mapped attribute; equal hashes mean an unchanged user.';

-- SCD type 2: every version of every user.
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
    gender             text        NOT NULL,
    email              text        NOT NULL,
    date_of_birth      timestamptz NOT NULL,
    registered_at      timestamptz NOT NULL,
    phone              text        NOT NULL,
    cell               text        NOT NULL,
    street_number      integer     NOT NULL,
    street_name        text        NOT NULL,
    city               text        NOT NULL,
    state              text        NOT NULL,
    country            text,
    postcode           text        NOT NULL,
    latitude           numeric     NOT NULL,
    longitude          numeric     NOT NULL,
    tz_offset          text        NOT NULL,
    tz_description     text        NOT NULL,
    national_id_name   text        NOT NULL,
    national_id_value  text,
    picture_large      text        NOT NULL,
    picture_medium     text        NOT NULL,
    picture_thumbnail  text        NOT NULL,
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
    gender             text        NOT NULL,
    email              text        NOT NULL,
    date_of_birth      timestamptz NOT NULL,
    registered_at      timestamptz NOT NULL,
    phone              text        NOT NULL,
    cell               text        NOT NULL,
    street_number      integer     NOT NULL,
    street_name        text        NOT NULL,
    city               text        NOT NULL,
    state              text        NOT NULL,
    country            text,
    postcode           text        NOT NULL,
    latitude           numeric     NOT NULL,
    longitude          numeric     NOT NULL,
    tz_offset          text        NOT NULL,
    tz_description     text        NOT NULL,
    national_id_name   text        NOT NULL,
    national_id_value  text,
    picture_large      text        NOT NULL,
    picture_medium     text        NOT NULL,
    picture_thumbnail  text        NOT NULL,
    nationality        text        NOT NULL,
    password_salt      text,
    password_sha256    text,
    row_hash           bytea       NOT NULL
);

COMMENT ON TABLE ${schema}.users_stage IS 'Load staging; rows live only inside the transaction that loads them.';

-- Insert new users; update a known user only when its row hash differs, so reloading an unchanged user
-- writes nothing. xmax = 0 tells an inserted row from an updated one, which makes the counts exact.
-- Rows go in uuid order, so two concurrent loads lock shared users in the same order.
-- The same statement versions what it wrote (SCD2 in users_history): it closes the current version of
-- every updated user, then opens a version for every inserted or updated user from the rows RETURNING
-- hands on, instead of a second statement finding them again by joining users_stage with users.
WITH upserted AS (
    INSERT INTO <schema>.users AS u (uuid, username, title, first_name, last_name, gender, email, date_of_birth,
        registered_at, phone, cell, street_number, street_name, city, state, country, postcode, latitude, longitude,
        tz_offset, tz_description, national_id_name, national_id_value, picture_large, picture_medium, picture_thumbnail,
        nationality, password_salt, password_sha256, first_seen_at, last_seen_at, last_run_id, row_hash)
    SELECT s.uuid, s.username, s.title, s.first_name, s.last_name, s.gender, s.email, s.date_of_birth,
        s.registered_at, s.phone, s.cell, s.street_number, s.street_name, s.city, s.state, s.country, s.postcode,
        s.latitude, s.longitude, s.tz_offset, s.tz_description, s.national_id_name, s.national_id_value,
        s.picture_large, s.picture_medium, s.picture_thumbnail, s.nationality, s.password_salt, s.password_sha256,
        CAST(:now AS timestamptz), CAST(:now AS timestamptz), s.run_id, s.row_hash
    FROM <schema>.users_stage s
    WHERE s.run_id = :runId
    ORDER BY s.uuid
    ON CONFLICT (uuid) DO UPDATE SET
        username = EXCLUDED.username,
        title = EXCLUDED.title,
        first_name = EXCLUDED.first_name,
        last_name = EXCLUDED.last_name,
        gender = EXCLUDED.gender,
        email = EXCLUDED.email,
        date_of_birth = EXCLUDED.date_of_birth,
        registered_at = EXCLUDED.registered_at,
        phone = EXCLUDED.phone,
        cell = EXCLUDED.cell,
        street_number = EXCLUDED.street_number,
        street_name = EXCLUDED.street_name,
        city = EXCLUDED.city,
        state = EXCLUDED.state,
        country = EXCLUDED.country,
        postcode = EXCLUDED.postcode,
        latitude = EXCLUDED.latitude,
        longitude = EXCLUDED.longitude,
        tz_offset = EXCLUDED.tz_offset,
        tz_description = EXCLUDED.tz_description,
        national_id_name = EXCLUDED.national_id_name,
        national_id_value = EXCLUDED.national_id_value,
        picture_large = EXCLUDED.picture_large,
        picture_medium = EXCLUDED.picture_medium,
        picture_thumbnail = EXCLUDED.picture_thumbnail,
        nationality = EXCLUDED.nationality,
        password_salt = EXCLUDED.password_salt,
        password_sha256 = EXCLUDED.password_sha256,
        last_seen_at = EXCLUDED.last_seen_at,
        last_run_id = EXCLUDED.last_run_id,
        row_hash = EXCLUDED.row_hash
    WHERE u.row_hash IS DISTINCT FROM EXCLUDED.row_hash
    RETURNING (u.xmax = 0) AS inserted, u.uuid, u.last_run_id, u.username, u.title, u.first_name, u.last_name, u.gender,
        u.email, u.date_of_birth, u.registered_at, u.phone, u.cell, u.street_number, u.street_name, u.city, u.state,
        u.country, u.postcode, u.latitude, u.longitude, u.tz_offset, u.tz_description, u.national_id_name,
        u.national_id_value, u.picture_large, u.picture_medium, u.picture_thumbnail, u.nationality, u.password_salt,
        u.password_sha256, u.row_hash
),
closed AS (
    -- Only rows that existed before this statement: the new versions are opened below.
    UPDATE <schema>.users_history h
    SET valid_to = CAST(:now AS timestamptz),
        is_current = false
    FROM upserted x
    WHERE h.uuid = x.uuid
      AND NOT x.inserted
      AND h.is_current
    RETURNING h.uuid
),
opened AS (
    -- After every close: the uncorrelated count is an InitPlan, run to its end before the first row is
    -- inserted, so a user's new current version never meets its old one in users_history_one_current.
    INSERT INTO <schema>.users_history (uuid, valid_from, valid_to, is_current, run_id, username, title, first_name,
        last_name, gender, email, date_of_birth, registered_at, phone, cell, street_number, street_name, city, state,
        country, postcode, latitude, longitude, tz_offset, tz_description, national_id_name, national_id_value,
        picture_large, picture_medium, picture_thumbnail, nationality, password_salt, password_sha256, row_hash)
    SELECT x.uuid, CAST(:now AS timestamptz), NULL, true, x.last_run_id, x.username, x.title, x.first_name,
        x.last_name, x.gender, x.email, x.date_of_birth, x.registered_at, x.phone, x.cell, x.street_number, x.street_name,
        x.city, x.state, x.country, x.postcode, x.latitude, x.longitude, x.tz_offset, x.tz_description,
        x.national_id_name, x.national_id_value, x.picture_large, x.picture_medium, x.picture_thumbnail, x.nationality,
        x.password_salt, x.password_sha256, x.row_hash
    FROM upserted x
    WHERE (SELECT count(*) FROM closed) >= 0
    RETURNING 1
)
SELECT count(*) FILTER (WHERE inserted) AS inserted,
       count(*) FILTER (WHERE NOT inserted) AS updated,
       (SELECT count(*) FROM closed) AS closed,
       (SELECT count(*) FROM opened) AS opened
FROM upserted

-- Users this run inserted or updated carry its run id; unchanged users keep an older one.
INSERT INTO <schema>.users_history (uuid, valid_from, valid_to, is_current, run_id, username, title, first_name,
    last_name, gender, email, date_of_birth, registered_at, phone, cell, street_number, street_name, city, state,
    country, postcode, latitude, longitude, tz_offset, tz_description, national_id_name, national_id_value,
    picture_large, picture_medium, picture_thumbnail, nationality, password_salt, password_sha256, row_hash)
SELECT u.uuid, CAST(:now AS timestamptz), NULL, true, u.last_run_id, u.username, u.title, u.first_name,
    u.last_name, u.gender, u.email, u.date_of_birth, u.registered_at, u.phone, u.cell, u.street_number, u.street_name,
    u.city, u.state, u.country, u.postcode, u.latitude, u.longitude, u.tz_offset, u.tz_description,
    u.national_id_name, u.national_id_value, u.picture_large, u.picture_medium, u.picture_thumbnail, u.nationality,
    u.password_salt, u.password_sha256, u.row_hash
FROM <schema>.users_stage s
JOIN <schema>.users u ON u.uuid = s.uuid
WHERE s.run_id = :runId
  AND u.last_run_id = :runId

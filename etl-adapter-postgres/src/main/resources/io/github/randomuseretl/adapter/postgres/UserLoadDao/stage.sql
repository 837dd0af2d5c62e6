INSERT INTO <schema>.users_stage (run_id, uuid, username, title, first_name, last_name, gender, email, date_of_birth,
    registered_at, phone, cell, street_number, street_name, city, state, country, postcode, latitude, longitude,
    tz_offset, tz_description, national_id_name, national_id_value, picture_large, picture_medium, picture_thumbnail,
    nationality, password_salt, password_sha256, row_hash)
VALUES (:runId, :uuid, :username, :title, :firstName, :lastName, :gender, :email, :dateOfBirth,
    :registeredAt, :phone, :cell, :streetNumber, :streetName, :city, :state, :country, :postcode, :latitude, :longitude,
    :tzOffset, :tzDescription, :nationalIdName, :nationalIdValue, :pictureLarge, :pictureMedium, :pictureThumbnail,
    :nationality, :passwordSalt, :passwordSha256, :rowHash)

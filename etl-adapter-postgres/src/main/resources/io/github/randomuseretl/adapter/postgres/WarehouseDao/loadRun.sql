-- The data warehouse procedure (V8__star_schema.sql): the star schema follows what this run wrote.
CALL <schema>.warehouse_load_run(:runId)

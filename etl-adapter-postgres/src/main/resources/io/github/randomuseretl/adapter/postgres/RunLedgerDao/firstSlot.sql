SELECT min(slot)
FROM <schema>.etl_runs
WHERE pipeline = :pipeline

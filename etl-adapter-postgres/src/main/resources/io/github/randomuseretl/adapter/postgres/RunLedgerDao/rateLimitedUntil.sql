SELECT max(rate_limited_until)
FROM <schema>.etl_runs
WHERE pipeline = :pipeline
  AND rate_limited_until > :now

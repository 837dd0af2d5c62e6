-- The gap query: how each slot with runs stands. The latest error is the latest attempt's that has one.
SELECT slot,
       count(*)                                                          AS runs,
       bool_or(status = 'succeeded')                                     AS succeeded,
       (array_agg(status ORDER BY attempt DESC))[1]                      AS last_status,
       (array_agg(error ORDER BY attempt DESC) FILTER (WHERE error IS NOT NULL))[1] AS last_error
FROM <schema>.etl_runs
WHERE pipeline = :pipeline
  AND slot >= :from
  AND slot < :before
GROUP BY slot
ORDER BY slot

-- Views for analysis and dashboards (Grafana). Names and columns are part of the module's contract.

-- '(no country)': LEGO users, who live somewhere without a country. '(unknown)': users whose location the
-- source was asked to leave out (inc/exc); a location is stored whole or not at all, so street_name tells.
CREATE VIEW ${schema}.users_by_country AS
SELECT CASE WHEN street_name IS NULL THEN '(unknown)'
            ELSE COALESCE(country, '(no country)')
       END      AS country,
       count(*) AS users
FROM ${schema}.users
GROUP BY 1;

CREATE VIEW ${schema}.users_by_nationality AS
SELECT nationality,
       count(*) AS users
FROM ${schema}.users
GROUP BY 1;

-- Users whose dates were left out (inc/exc) have no day or age: they are skipped rather than counted under a
-- NULL bucket the dashboard's date and number axes cannot place; users_by_country still counts them.
CREATE VIEW ${schema}.signups_per_day AS
SELECT (registered_at AT TIME ZONE 'UTC')::date AS day,
       count(*)                                  AS users
FROM ${schema}.users
WHERE registered_at IS NOT NULL
GROUP BY 1;

CREATE VIEW ${schema}.users_by_age AS
SELECT (date_part('year', age(now(), date_of_birth))::int / 10) * 10 AS age_from,
       (date_part('year', age(now(), date_of_birth))::int / 10) * 10 + 9 AS age_to,
       count(*) AS users
FROM ${schema}.users
WHERE date_of_birth IS NOT NULL
GROUP BY 1, 2;

CREATE VIEW ${schema}.run_health_per_hour AS
SELECT date_trunc('hour', started_at)                                   AS hour,
       pipeline,
       count(*)                                                         AS runs,
       count(*) FILTER (WHERE status = 'succeeded')                     AS succeeded,
       count(*) FILTER (WHERE status = 'failed')                        AS failed,
       count(*) FILTER (WHERE status = 'abandoned')                     AS abandoned,
       count(*) FILTER (WHERE status = 'running')                       AS running,
       COALESCE(sum(inserted), 0)                                       AS inserted,
       COALESCE(sum(updated), 0)                                        AS updated,
       COALESCE(sum(unchanged), 0)                                      AS unchanged,
       COALESCE(sum(rejected), 0)                                       AS rejected,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY total_ms)           AS p95_duration_ms,
       max(total_ms)                                                    AS max_duration_ms
FROM ${schema}.etl_runs
GROUP BY 1, 2;

CREATE VIEW ${schema}.quarantine_reasons AS
SELECT q.id                      AS quarantine_id,
       q.run_id,
       q.quarantined_at,
       r.value ->> 'pointer'     AS pointer,
       r.value ->> 'message'     AS message,
       q.replayed_at IS NOT NULL AS replayed
FROM ${schema}.quarantine q
CROSS JOIN LATERAL jsonb_array_elements(q.reasons) AS r(value);

CREATE VIEW ${schema}.quarantine_reasons_per_day AS
SELECT (quarantined_at AT TIME ZONE 'UTC')::date AS day,
       pointer,
       count(*)                                  AS reasons,
       count(DISTINCT quarantine_id)             AS records
FROM ${schema}.quarantine_reasons
GROUP BY 1, 2;

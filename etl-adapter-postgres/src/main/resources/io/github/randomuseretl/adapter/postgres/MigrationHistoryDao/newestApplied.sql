-- The version of the newest versioned row of Flyway's history if that migration succeeded, else NULL:
-- a failed one must go through Flyway again.
SELECT CASE WHEN success THEN version END
FROM <schema>.flyway_schema_history
WHERE version IS NOT NULL
ORDER BY installed_rank DESC
LIMIT 1

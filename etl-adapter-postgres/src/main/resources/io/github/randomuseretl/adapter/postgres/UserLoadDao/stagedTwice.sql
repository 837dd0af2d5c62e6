-- A uuid the run staged twice: the load refuses such a batch rather than guess which record is meant.
SELECT uuid
FROM <schema>.users_stage
WHERE run_id = :runId
GROUP BY uuid
HAVING count(*) > 1
LIMIT 1

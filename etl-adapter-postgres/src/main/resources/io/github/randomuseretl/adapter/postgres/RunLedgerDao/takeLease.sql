-- Session-scoped on purpose: held by the run's session until the run ends or the session does.
SELECT 1 FROM (SELECT pg_advisory_lock(hashtext(:namespace), hashtext(CAST(:runId AS text)))) AS taken

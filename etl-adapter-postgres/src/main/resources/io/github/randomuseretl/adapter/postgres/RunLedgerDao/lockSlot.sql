-- Transaction-scoped: released at COMMIT or ROLLBACK, so a pooling proxy never has to pin the session.
SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(:namespace), hashtext(:key))) AS locked

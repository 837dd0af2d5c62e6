-- A run's lease is a session-level advisory lock its own session holds until the run ends. If this
-- transaction can take it, that session is gone: PostgreSQL frees a session's locks when it ends.
-- Transaction-scoped, so the probe itself is released at COMMIT.
SELECT pg_try_advisory_xact_lock(hashtext(:namespace), hashtext(CAST(:runId AS text)))

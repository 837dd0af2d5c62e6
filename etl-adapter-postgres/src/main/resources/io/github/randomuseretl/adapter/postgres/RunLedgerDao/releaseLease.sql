SELECT pg_advisory_unlock(hashtext(:namespace), hashtext(CAST(:runId AS text)))

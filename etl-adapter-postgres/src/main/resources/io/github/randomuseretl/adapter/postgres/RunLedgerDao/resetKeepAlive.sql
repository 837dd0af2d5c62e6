-- Back to the server's own settings before the connection is reused: no session state outlives the run.
DO $$
BEGIN
    RESET tcp_keepalives_idle;
    RESET tcp_keepalives_interval;
    RESET tcp_keepalives_count;
    IF current_setting('server_version_num')::int >= 140000 THEN
        RESET client_connection_check_interval;
    END IF;
END
$$

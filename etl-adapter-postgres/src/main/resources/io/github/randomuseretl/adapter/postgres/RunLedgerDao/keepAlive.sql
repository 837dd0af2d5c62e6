-- For the run's session only, while it holds a lease: the server notices a vanished client host within
-- about 11 s (TCP keepalive after 5 s idle, then 3 probes 2 s apart) instead of the kernel's 2 hours,
-- and (PostgreSQL 14+) notices a vanished client every 2 s even while a statement runs. A killed
-- process needs neither: its kernel closes the socket and the server sees it at once.
SELECT set_config('tcp_keepalives_idle', '5', false),
       set_config('tcp_keepalives_interval', '2', false),
       set_config('tcp_keepalives_count', '3', false),
       CASE WHEN current_setting('server_version_num')::int >= 140000
            THEN set_config('client_connection_check_interval', '2000', false) END

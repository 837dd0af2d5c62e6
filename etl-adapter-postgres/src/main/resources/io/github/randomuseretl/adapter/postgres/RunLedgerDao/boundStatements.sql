-- Transaction-scoped (is_local): every later statement of this transaction is cut off when the bound passes.
SELECT set_config('statement_timeout', CAST(:millis AS text), true), set_config('lock_timeout', CAST(:millis AS text), true)

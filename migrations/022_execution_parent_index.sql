-- An execution's parent is the latest exec of its ppid on the same host at or before it (the exec
-- that started the process whose child it is). It is found when asked, by this index, instead of
-- being stored: records arrive out of order and across batches, and a parent stored at parse time
-- would need fixing up whenever an earlier exec arrives late.
CREATE INDEX executions_host_pid_time ON executions (host, pid, occurred_at);

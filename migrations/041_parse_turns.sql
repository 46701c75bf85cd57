-- The order in which parse passes lock their hosts (HostOrderLocks): each pass that claimed batches
-- takes the next number under the claim lock and waits, before locking its hosts, for the number
-- before it. A number whose pass died is held by nobody, so the next pass does not wait on it.
CREATE SEQUENCE parse_turns;
GRANT USAGE ON SEQUENCE parse_turns TO audit_service;

-- Finding the audit records not yet in the Merkle tree (performance issue). Each record now carries the id of the
-- transaction that inserted it. A checkpoint run notes the oldest transaction still running before it looks
-- (pg_snapshot_xmin); every record that was not visible then belongs to a transaction at least that new, so the next
-- run searches only the records of those transactions (an index range) instead of an anti-join over the trail's last
-- 20,000 records twice a second, which cost 20-60 ms of PostgreSQL per run, idle or not, and missed a record whose
-- transaction committed more than 20,000 records late until the five-minute full sweep.
-- Older records keep NULL (they committed long ago; the full sweep after a start covers them). The default is set
-- after the column is added, so the table is not rewritten.
ALTER TABLE audit_event ADD COLUMN xid xid8;
ALTER TABLE audit_event ALTER COLUMN xid SET DEFAULT pg_current_xact_id();
CREATE INDEX audit_event_xid ON audit_event (xid);
ANALYZE audit_event (xid);

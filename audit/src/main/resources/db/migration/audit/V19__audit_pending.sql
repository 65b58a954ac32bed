-- The audit records not yet in the Merkle tree (performance issue). A statement trigger notes the seq of every
-- record in the transaction that inserts it, so the checkpointer takes exactly the committed records without a leaf,
-- in seq order, and removes them from here in the transaction that adds their leaves. It used to look for them with
-- an anti-join over the trail's last 20,000 records twice a second (records commit about, not exactly, in seq order)
-- and over the whole trail every five minutes: 20–60 ms of PostgreSQL per tick even when nothing was new. The whole
-- trail is still searched now and then, as a net for a row that went missing here.
CREATE TABLE audit_pending (
    seq bigint PRIMARY KEY
);
INSERT INTO audit_pending (seq)
SELECT e.seq FROM audit_event e WHERE NOT EXISTS (SELECT 1 FROM audit_leaf l WHERE l.seq = e.seq);

CREATE FUNCTION audit_event_pending() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_pending (seq) SELECT seq FROM added;
    RETURN NULL;
END $$;
CREATE TRIGGER audit_event_pending AFTER INSERT ON audit_event REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_pending();

GRANT SELECT, INSERT, DELETE ON audit_pending TO ${appRole};

-- Time to searchable (performance issue): every transaction that adds rows to the index outbox tells the indexers
-- of all hub instances at its commit (NOTIFY is delivered only on commit, once per transaction, channel and payload),
-- so a report is indexed right after its submission is acknowledged instead of at the next poll. The payload is the
-- transaction's id, nothing of the report: the indexers read the rows themselves. Polling stays as the fallback for
-- a lost listening connection.
CREATE FUNCTION index_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('index_outbox', txid_current()::text);
    RETURN NULL;
END
$$;
CREATE TRIGGER index_outbox_notify AFTER INSERT ON index_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION index_outbox_notify();

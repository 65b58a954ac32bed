-- Tamper evidence for the audit trail (audit issue): each record's canonical hash is appended, in the order the
-- checkpointer sees committed records, to a Merkle tree (RFC 6962/9162 style). Signed checkpoints (C2SP signed
-- note, Ed25519) pin tree size and root. Leaves outlive retention: a purged record leaves its hash behind, so
-- old checkpoints still verify.
ALTER TABLE audit_event ADD COLUMN canonical text;

CREATE TABLE audit_leaf (
    position   bigint      PRIMARY KEY,
    seq        bigint      NOT NULL UNIQUE,
    event_id   uuid        NOT NULL UNIQUE,
    leaf_hash  bytea       NOT NULL CHECK (length(leaf_hash) = 32),
    added_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_checkpoint (
    tree_size  bigint      PRIMARY KEY,
    root_hash  bytea       NOT NULL CHECK (length(root_hash) = 32),
    note       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Right edge of the tree (one node per level), so that appending needs no full recomputation.
CREATE TABLE audit_frontier (
    level      integer     PRIMARY KEY,
    hash       bytea       NOT NULL
);

CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER audit_leaf_no_change BEFORE UPDATE OR DELETE ON audit_leaf FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_leaf_no_truncate BEFORE TRUNCATE ON audit_leaf FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoint_no_change BEFORE UPDATE OR DELETE ON audit_checkpoint FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

-- Retention (§ 76 BDSG with the brief): records are kept until the end of the year after their creation. The
-- trigger now lets a DELETE through only for such records and only inside the purge function below.
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('verbund.audit_purge', true) = 'on'
       AND OLD.at < date_trunc('year', now()) - interval '1 year' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_event is append-only';
END $$;

CREATE FUNCTION audit_purge_expired() RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    removed bigint;
BEGIN
    PERFORM set_config('verbund.audit_purge', 'on', true);
    -- only records whose hash is already in the tree: their checkpoints keep verifying after the purge
    DELETE FROM audit_event e
     WHERE e.at < date_trunc('year', now()) - interval '1 year'
       AND EXISTS (SELECT 1 FROM audit_leaf l WHERE l.seq = e.seq);
    GET DIAGNOSTICS removed = ROW_COUNT;
    PERFORM set_config('verbund.audit_purge', 'off', true);
    RETURN removed;
END $$;
REVOKE ALL ON FUNCTION audit_purge_expired() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_purge_expired() TO ${appRole};

GRANT SELECT, INSERT ON audit_leaf, audit_checkpoint TO ${appRole};
GRANT SELECT, INSERT, UPDATE, DELETE ON audit_frontier TO ${appRole};

-- The audit trail (BRIEF "Audit"): append-only. The application role may INSERT and SELECT, nothing else,
-- and a trigger refuses UPDATE, DELETE and TRUNCATE even for the owner (retention deletes through a
-- separate, audited procedure arriving with the audit issue).
CREATE TABLE audit_event (
    seq              bigserial   PRIMARY KEY,
    id               uuid        NOT NULL UNIQUE,
    at               timestamptz NOT NULL,
    actor_id         text        NOT NULL,
    actor_name       text        NOT NULL,
    actor_authority  text,
    actor_roles      text[]      NOT NULL,
    action           text        NOT NULL,
    purpose          text,
    case_reference   text,
    reports          text[]      NOT NULL,
    recipient        text,
    outcome          text        NOT NULL,
    rule             text,
    detail           text
);
CREATE INDEX audit_event_actor ON audit_event (actor_id, seq);
CREATE INDEX audit_event_reports ON audit_event USING gin (reports);

CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only';
END $$;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();

GRANT SELECT, INSERT ON audit_event TO ${appRole};
GRANT USAGE ON SEQUENCE audit_event_seq_seq TO ${appRole};

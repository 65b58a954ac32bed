-- Grants (BRIEF "The need-to-know rule"): given by an approver of the report's originator, to one user or one
-- authority, for one report, until a date. Revocation is a timestamp, so the history stays.
CREATE TABLE access_grant (
    id                 uuid        PRIMARY KEY,
    report_id          uuid        NOT NULL REFERENCES report (id),
    grantee_type       text        NOT NULL CHECK (grantee_type IN ('USER','AUTHORITY')),
    grantee            text        NOT NULL,
    granted_by         text        NOT NULL,
    granted_by_authority text      NOT NULL,
    reason             text        NOT NULL,
    valid_until        timestamptz NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    revoked_at         timestamptz,
    revoked_by         text,
    request_id         uuid
);
CREATE INDEX access_grant_user ON access_grant (grantee_type, grantee) WHERE revoked_at IS NULL;
CREATE INDEX access_grant_report ON access_grant (report_id);

GRANT SELECT, INSERT, UPDATE ON access_grant TO ${appRole};

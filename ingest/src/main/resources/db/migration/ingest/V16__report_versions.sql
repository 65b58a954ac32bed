-- Versions of a report's content (lifecycle issue): the originator supersedes the content with a new file; the report
-- row always holds the current version (the only one indexed and searchable), each earlier version moves into
-- report_version with its own original (its own data key), its sealed text and normalised form. Earlier versions are
-- readable only to the originator's analysts. Erasure destroys every version.
ALTER TABLE report ADD COLUMN version integer NOT NULL DEFAULT 1;
CREATE TABLE report_version (
    report_id         uuid        NOT NULL REFERENCES report (id),
    version           integer     NOT NULL,
    sha256            char(64)    NOT NULL,
    content_type      text        NOT NULL,
    size_bytes        bigint      NOT NULL,
    text              text,
    text_sealed       bytea,
    text_truncated    boolean     NOT NULL,
    language          text        NOT NULL,
    normalised        jsonb,
    normalised_sealed bytea,
    selectors         text[]      NOT NULL,
    kek_id            text,
    encrypted_bytes   bigint,
    signature_status  text        NOT NULL,
    signer            text,
    vault_location    text,
    stored_at         timestamptz NOT NULL,
    superseded_at     timestamptz NOT NULL,
    superseded_by     text        NOT NULL,
    reason            text        NOT NULL,
    PRIMARY KEY (report_id, version)
);
CREATE INDEX report_version_kek ON report_version (kek_id);
CREATE INDEX report_version_location ON report_version (vault_location) WHERE vault_location IS NOT NULL;
GRANT SELECT, INSERT, UPDATE, DELETE ON report_version TO ${appRole};

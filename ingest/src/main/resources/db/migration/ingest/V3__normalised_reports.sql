-- Normalised report schema v1 (ingest issue): extraction metadata, embedded tree, selectors, vault reference.
ALTER TABLE report
    ADD COLUMN schema_version   integer NOT NULL DEFAULT 1,
    ADD COLUMN language         text    NOT NULL DEFAULT 'und',
    ADD COLUMN normalised       jsonb   NOT NULL DEFAULT '{}'::jsonb,
    ADD COLUMN selectors        text[]  NOT NULL DEFAULT '{}',
    ADD COLUMN kek_id           text,
    ADD COLUMN encrypted_bytes  bigint,
    ADD COLUMN signature_status text    NOT NULL DEFAULT 'NONE' CHECK (signature_status IN ('NONE','VERIFIED','VALID_UNTRUSTED')),
    ADD COLUMN signer           text;
CREATE INDEX report_selectors ON report USING gin (selectors);

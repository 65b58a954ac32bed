-- Rotation of an authority's key-encryption key (lifecycle issue): the new version wraps new originals at once; the
-- data keys of the stored ones are re-wrapped in the background, in report-id order, resumable after a crash. One
-- row per rotation; at most one unfinished rotation per authority. Admins see the progress; when it is finished the
-- older versions can be destroyed in the token.
CREATE TABLE key_rotation (
    id             bigserial   PRIMARY KEY,
    authority      text        NOT NULL,
    to_version     integer     NOT NULL,
    total          bigint      NOT NULL,
    rewrapped      bigint      NOT NULL DEFAULT 0,
    started_at     timestamptz NOT NULL DEFAULT now(),
    started_by     text        NOT NULL,
    finished_at    timestamptz,
    UNIQUE (authority, to_version)
);
CREATE UNIQUE INDEX key_rotation_open ON key_rotation (authority) WHERE finished_at IS NULL;
CREATE INDEX report_kek ON report (originator, kek_id) WHERE erased_at IS NULL;
GRANT SELECT, INSERT, UPDATE ON key_rotation TO ${appRole};
GRANT USAGE ON SEQUENCE key_rotation_id_seq TO ${appRole};

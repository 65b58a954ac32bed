-- Progress of re-extracting the selectors of stored reports after the extractor improved (selector-recall issue):
-- one row per extractor version, so that a run interrupted at any point resumes after the last report it finished.
CREATE TABLE selector_reextraction (
    extractor_version text        PRIMARY KEY,
    last_report       uuid,
    examined          bigint      NOT NULL DEFAULT 0,
    changed           bigint      NOT NULL DEFAULT 0,
    started_at        timestamptz NOT NULL DEFAULT now(),
    finished_at       timestamptz
);
GRANT SELECT, INSERT, UPDATE ON selector_reextraction TO ${appRole};

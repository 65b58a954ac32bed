-- What the rule did to an authority's reports without a decision (lifecycle issue: "the originator is notified"):
-- restricted when the review deadline passed, erased when the grace period passed. The originator's approvers see
-- them in their review queue's notices. No content: report id and file number.
CREATE TABLE lifecycle_notice (
    id              bigserial   PRIMARY KEY,
    originator      text        NOT NULL,
    report_id       uuid        NOT NULL,
    case_reference  text        NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('RESTRICTED_BY_DEADLINE','ERASED_AFTER_GRACE')),
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lifecycle_notice_originator ON lifecycle_notice (originator, created_at DESC);
GRANT SELECT, INSERT ON lifecycle_notice TO ${appRole};
GRANT USAGE ON SEQUENCE lifecycle_notice_id_seq TO ${appRole};

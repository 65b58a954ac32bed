-- Restriction (Sperrung, § 58 BDSG; lifecycle issue): a restricted report is kept but consulted by nobody; only its
-- originator's approvers see it in their review queue and can lift the restriction. Who and why are in the audit trail.
ALTER TABLE report ADD COLUMN restricted_at     timestamptz,
                   ADD COLUMN restricted_by     text,
                   ADD COLUMN restricted_reason text;
CREATE INDEX report_restricted ON report (originator, restricted_at) WHERE restricted_at IS NOT NULL;

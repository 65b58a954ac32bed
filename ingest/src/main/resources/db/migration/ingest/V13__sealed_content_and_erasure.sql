-- The extracted text and the normalised report are sealed under the report's own data key (AES-256-GCM, see
-- SealedField; BRIEF "Protection of the data"; docs/adr/0015): a backup of this table holds no content in clear, and
-- destroying the data key (its only wrapped copy is in the original's CMS header in the vault) is the erasure of
-- every copy. Rows stored before stay in clear until the background sealing (ContentSealing) has sealed them; then
-- the clear columns are NULL.
ALTER TABLE report ALTER COLUMN text DROP NOT NULL,
                   ALTER COLUMN normalised DROP NOT NULL,
                   ALTER COLUMN normalised DROP DEFAULT,
                   ADD COLUMN text_sealed       bytea,
                   ADD COLUMN normalised_sealed bytea;
-- Exactly one form of the content, or none once erased.
ALTER TABLE report ADD CONSTRAINT report_content_one_form
    CHECK (text IS NULL OR text_sealed IS NULL);
CREATE INDEX report_unsealed ON report (id) WHERE text IS NOT NULL;

-- Erasure (lifecycle issue): erased_at takes the report out of every consultation at once (need-to-know rule,
-- clause 6); shredded_at records that its data key, its sealed content, its selectors and its vault space are gone.
-- A row with erased_at and no shredded_at is finished by the erasure sweep after a crash.
ALTER TABLE report ADD COLUMN erased_by     text,
                   ADD COLUMN erased_reason text,
                   ADD COLUMN shredded_at   timestamptz;
CREATE INDEX report_erasure_pending ON report (erased_at) WHERE erased_at IS NOT NULL AND shredded_at IS NULL;
-- Reports restricted by the passed review deadline and left without a decision are erased after a grace period.
CREATE INDEX report_deadline_restricted ON report (restricted_at) WHERE restricted_by = 'review-deadline';

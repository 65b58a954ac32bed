-- Selector check and access requests (hit/no-hit after the Prüm principle, BRIEF "Selector check").
-- A hit hands the asker an opaque reference, bound to the asker. It stands for the originator's reports that held
-- the selector at or below the asker's clearance (max_level) when the check ran (created_at); an access request
-- resolves it to those reports that are still live.
CREATE TABLE selector_reference (
    reference        text        PRIMARY KEY,
    selector         text        NOT NULL,
    originator       text        NOT NULL,
    max_level        integer     NOT NULL CHECK (max_level BETWEEN 0 AND 3),
    asker_id         text        NOT NULL,
    asker_authority  text        NOT NULL,
    purpose          text        NOT NULL,
    case_reference   text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX selector_reference_asker ON selector_reference (asker_id);

-- Hits withheld from an asker below the report's classification: the originator is told who (which authority)
-- asked, for which selector, why and under which file number.
CREATE TABLE originator_notification (
    id               uuid        PRIMARY KEY,
    originator       text        NOT NULL,
    selector         text        NOT NULL,
    asker_authority  text        NOT NULL,
    purpose          text        NOT NULL,
    case_reference   text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX originator_notification_originator ON originator_notification (originator, created_at DESC);

CREATE TABLE access_request (
    id               uuid        PRIMARY KEY,
    reference        text        NOT NULL REFERENCES selector_reference (reference),
    originator       text        NOT NULL,
    requester_id     text        NOT NULL,
    requester_name   text        NOT NULL,
    requester_authority text     NOT NULL,
    purpose          text        NOT NULL,
    case_reference   text        NOT NULL,
    justification    text,
    state            text        NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING','GRANTED','DENIED','REVOKED')),
    created_at       timestamptz NOT NULL DEFAULT now(),
    decided_at       timestamptz,
    decided_by       text,
    decision_reason  text,
    grantee_type     text        CHECK (grantee_type IN ('USER','AUTHORITY')),
    valid_until      timestamptz,
    revoked_at       timestamptz,
    revoked_by       text
);
-- one open request per reference and requester
CREATE UNIQUE INDEX access_request_open ON access_request (reference, requester_id) WHERE state = 'PENDING';
CREATE INDEX access_request_queue ON access_request (originator, state, created_at);
CREATE INDEX access_request_requester ON access_request (requester_id, created_at DESC);
CREATE INDEX access_grant_request ON access_grant (request_id) WHERE request_id IS NOT NULL;

GRANT SELECT, INSERT ON selector_reference TO ${appRole};
GRANT SELECT, INSERT ON originator_notification TO ${appRole};
GRANT SELECT, INSERT, UPDATE ON access_request TO ${appRole};

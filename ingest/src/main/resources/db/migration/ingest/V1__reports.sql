-- Reports and their labels: the system of record (BRIEF "Architecture"). Elasticsearch is derived from it.
CREATE TABLE report (
    id               uuid PRIMARY KEY,
    originator       text        NOT NULL,
    case_reference   text        NOT NULL,
    title            text        NOT NULL,
    phenomenon_area  text        NOT NULL CHECK (phenomenon_area IN ('CYBER','PMK_RECHTS','PMK_LINKS','PMK_AUSL','PMK_RELIG','PMK_SONST')),
    classification   text        NOT NULL CHECK (classification IN ('OFFEN','VS-NFD','VS-VERTRAULICH','GEHEIM')),
    releasable_to    text[]      NOT NULL CHECK (cardinality(releasable_to) > 0),
    handling_code    text        NOT NULL CHECK (handling_code IN ('H0','H1','H2','H3')),
    handling_note    text,
    disclosure       text        NOT NULL CHECK (disclosure IN ('FULL','HIT_ONLY')),
    collection       text        NOT NULL CHECK (collection IN ('OPEN','COVERT')),
    review_by        date        NOT NULL,
    submitted_at     timestamptz NOT NULL,
    submitted_by     text        NOT NULL,
    sha256           char(64)    NOT NULL,
    content_type     text        NOT NULL,
    size_bytes       bigint      NOT NULL,
    text             text        NOT NULL,
    text_truncated   boolean     NOT NULL DEFAULT false,
    erased_at        timestamptz
);

-- One live copy per originator and content (repeated submissions answer with the existing report).
CREATE UNIQUE INDEX report_originator_sha256 ON report (originator, sha256) WHERE erased_at IS NULL;

-- Indexing follows the commit through this outbox; a row stays pending until Elasticsearch confirmed it.
CREATE TABLE index_outbox (
    id          bigserial   PRIMARY KEY,
    report_id   uuid        NOT NULL REFERENCES report (id),
    action      text        NOT NULL CHECK (action IN ('INDEX','DELETE')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    not_before  timestamptz NOT NULL DEFAULT now(),
    attempts    integer     NOT NULL DEFAULT 0,
    last_error  text,
    done_at     timestamptz
);
CREATE INDEX index_outbox_pending ON index_outbox (id) WHERE done_at IS NULL;

GRANT SELECT, INSERT, UPDATE ON report TO ${appRole};
GRANT SELECT, INSERT, UPDATE ON index_outbox TO ${appRole};
GRANT USAGE ON SEQUENCE index_outbox_id_seq TO ${appRole};

package de.verbund.audit;

/**
 * What an audit record is about (docs/brief.md "Audit": collection, alteration, consultation, disclosure, combination,
 * erasure, refused access, oversight query). The name is what the trail stores and the verifier hashes: never
 * rename a constant that has been written.
 */
public enum AuditAction {
    /** A report submitted (collection). */
    SUBMIT,
    /** A search; the record lists the ids returned. */
    SEARCH,
    /** A single report read. */
    READ,
    /** An original downloaded (disclosure). */
    DOWNLOAD,
    /** Reports related to one report (combination). */
    RELATED,
    /** A selector check, one record per request. */
    SELECTOR_CHECK,
    /** One hit of a selector check, given to the asker. */
    SELECTOR_HIT,
    /** One hit withheld (above the asker's clearance); the originator is the recipient. */
    SELECTOR_HIT_WITHHELD,
    /** An access request on a reference. */
    ACCESS_REQUEST,
    /** Listing of own requests or of the approver's queue. */
    ACCESS_REQUEST_LIST,
    /** A decision that was refused (already decided, bad input). */
    ACCESS_DECISION,
    /** A grant given by the originator (disclosure). */
    ACCESS_GRANT,
    /** A request denied by the originator. */
    ACCESS_DENY,
    /** A grant revoked. */
    ACCESS_REVOKE,
    /** The originator's notifications listed. */
    NOTIFICATION_LIST,
    /** A request refused for its roles (403). */
    ACCESS,
    /** A request without a valid token (401). */
    AUTHENTICATION,
    /** A query of the oversight API. */
    OVERSIGHT_QUERY,
    /** Selectors of stored reports extracted again by an operator's command (alteration of derived data). */
    SELECTOR_REEXTRACTION,
    /** A report restricted by its originator's approver (Sperrung, § 58 BDSG); the purpose is the reason. */
    RESTRICT,
    /** A restriction lifted by the originator's approver; the purpose is the reason. */
    RESTRICTION_LIFT,
    /** The originator's approver listed its restricted reports. */
    RESTRICTION_LIST,
    /** The originator's approver listed its review queue (due within 30 days, overdue, restricted). */
    REVIEW_LIST,
    /** The originator's approver decided at review to keep a report until a new date; the purpose is the reason. */
    REVIEW_KEEP,
    /**
     * A report erased (by its originator's approver, the purpose being the reason, or by the rule after the grace
     * period): the tombstone keeps the report id and, in the detail, the content hash.
     */
    ERASE,
    /** The erasure of a report finished: data key destroyed, content and selectors removed (the tombstone's end). */
    ERASURE_COMPLETED,
    /** The originator's submitter or approver corrected a report's labels; the detail names old and new values. */
    CORRECT,
    /** The originator's submitter or approver superseded a report's content with a new version; purpose: the reason. */
    SUPERSEDE,
    /** The versions of a report listed (by an analyst of the originator). */
    VERSION_LIST,
    /** An admin rotated an authority's key-encryption key (the data keys are re-wrapped in the background). */
    KEY_ROTATION,
    /** An admin destroyed an older version of an authority's key-encryption key after the re-wrapping. */
    KEY_DESTRUCTION,
    /** An admin listed the key rotations and their progress. */
    KEY_ROTATION_LIST;

    /** Consultations in the sense of § 76 BDSG: what "who saw report X" and the per-authority counts look at. */
    public boolean isConsultation() {
        return switch (this) {
            case SEARCH, READ, DOWNLOAD, RELATED, SELECTOR_CHECK -> true;
            default -> false;
        };
    }
}

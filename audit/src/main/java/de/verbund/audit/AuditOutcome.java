package de.verbund.audit;

/** How the audited action ended. Stored by name; never rename a constant that has been written. */
public enum AuditOutcome {
    OK,
    /** A submission of a file the originator had already submitted. */
    DUPLICATE,
    /** A selector occurs in the hub (the asker got a reference). */
    HIT,
    /** A hit above the asker's clearance, not shown to the asker; the originator was told. */
    WITHHELD,
    /** The need-to-know rule or a role refused it. */
    DENIED,
    /** Nothing the caller may see has this id (also: hidden by the rule). */
    NOT_FOUND,
    /** The input was refused (labels, file, query, decision). */
    REJECTED,
    /** No valid token. */
    UNAUTHENTICATED,
    /** Refused because the user's limit (selectors per hour/day, searches per minute) was used up. */
    QUOTA_EXCEEDED;

    /** The Elastic Common Schema {@code event.outcome} of the export. */
    public String ecs() {
        return switch (this) {
            case OK, DUPLICATE, HIT, WITHHELD -> "success";
            case DENIED, NOT_FOUND, REJECTED, UNAUTHENTICATED, QUOTA_EXCEEDED -> "failure";
        };
    }
}

package de.verbund.access.policy;

/** The clause of the need-to-know rule (docs/brief.md "The need-to-know rule") that decided, recorded in the audit. */
public enum Rule {
    /** 1. the subject has role analyst. */
    ROLE_ANALYST,
    /** 2. clearance dominates classification, never overridden. */
    CLEARANCE,
    /** 3. phenomenon area in the subject's mandates, or a grant. */
    MANDATE,
    /** 4. originator, releasable to ALL or to the subject's authority, or a grant. */
    RELEASABILITY,
    /** 5. disclosure FULL, originator, or a grant. */
    DISCLOSURE,
    /** 6. the report was not erased. */
    NOT_ERASED,
    /** 6. the report is not restricted (Sperrung, § 58 BDSG). */
    NOT_RESTRICTED,
    /** All clauses hold without a grant. */
    ALL_CLAUSES,
    /** All clauses hold, 3–5 through an active grant. */
    GRANT
}

package de.verbund.search.web;

/** A consultation without {@code purpose} or {@code caseReference} (BRIEF "Purpose binding"). */
final class PurposeMissing extends RuntimeException {
    PurposeMissing(String detail) {
        super(detail);
    }
}

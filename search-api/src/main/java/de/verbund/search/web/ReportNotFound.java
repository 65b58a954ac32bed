package de.verbund.search.web;

/**
 * No report the caller may read has this id. Deliberately the same for an id that never existed, a malformed id,
 * an erased report and a report the need-to-know rule hides.
 */
final class ReportNotFound extends RuntimeException {
    ReportNotFound() {
        super("No report with this id.");
    }
}

package de.verbund.search.web;

/** The search request is malformed; the detail is safe to show. */
final class InvalidQuery extends RuntimeException {
    InvalidQuery(String detail) {
        super(detail);
    }
}

package de.verbund.search.query;

/** The query text is not valid in the hub's query language; the message says where and why (never echoes DSL). */
public final class InvalidQuery extends RuntimeException {
    public InvalidQuery(String message) {
        super(message);
    }
}

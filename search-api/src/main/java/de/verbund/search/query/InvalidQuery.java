package de.verbund.search.query;

import de.verbund.problem.Problem;
import de.verbund.problem.ProblemType;

/** The query text is not valid in the hub's query language; the message says where and why (never echoes DSL). */
public final class InvalidQuery extends Problem {
    public InvalidQuery(String message) {
        super(ProblemType.INVALID_QUERY, message);
    }
}

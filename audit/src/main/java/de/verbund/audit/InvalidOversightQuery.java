package de.verbund.audit;

import de.verbund.problem.Problem;
import de.verbund.problem.ProblemType;

/** An oversight query with a parameter the trail cannot answer (a malformed time, tree sizes that do not exist). */
public final class InvalidOversightQuery extends Problem {
    public InvalidOversightQuery(String detail) {
        super(ProblemType.INVALID_PARAMETER, detail);
    }
}

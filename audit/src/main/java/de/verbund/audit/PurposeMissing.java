package de.verbund.audit;

import de.verbund.problem.Problem;
import de.verbund.problem.ProblemType;

/** A consultation without {@code purpose} or {@code caseReference} (docs/brief.md "Purpose binding"). */
public final class PurposeMissing extends Problem {
    public PurposeMissing(String detail) {
        super(ProblemType.PURPOSE_REQUIRED, detail);
    }
}

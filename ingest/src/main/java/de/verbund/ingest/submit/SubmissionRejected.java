package de.verbund.ingest.submit;

import de.verbund.problem.Problem;
import de.verbund.problem.ProblemType;

/** A submission that is refused as a whole; nothing is stored. */
public final class SubmissionRejected extends Problem {

    public SubmissionRejected(ProblemType type, String detail) {
        super(type, detail);
    }
}

package de.verbund.search.read;

import de.verbund.problem.Problem;
import de.verbund.problem.ProblemType;

/**
 * No report the caller may read has this id. Deliberately the same for an id that never existed, a malformed id,
 * an erased report and a report the need-to-know rule hides.
 */
public final class ReportNotFound extends Problem {
    public ReportNotFound() {
        super(ProblemType.NOT_FOUND, "No report with this id.");
    }
}

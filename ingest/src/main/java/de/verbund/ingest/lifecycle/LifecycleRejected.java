package de.verbund.ingest.lifecycle;

import de.verbund.problem.Problem;
import de.verbund.problem.ProblemType;

/** A lifecycle change that is refused; nothing changed. */
public final class LifecycleRejected extends Problem {

    LifecycleRejected(ProblemType type, String detail) {
        super(type, detail);
    }

    /** The same answer for an unknown, malformed, erased or another authority's report id. */
    static LifecycleRejected notFound() {
        return new LifecycleRejected(ProblemType.NOT_FOUND, "No such report.");
    }
}

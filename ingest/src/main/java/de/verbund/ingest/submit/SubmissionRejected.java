package de.verbund.ingest.submit;

import java.util.Map;

import de.verbund.problem.Problem;
import de.verbund.problem.ProblemType;

/** A submission that is refused as a whole; nothing is stored. */
public final class SubmissionRejected extends Problem {

    private final Map<String, Object> properties;

    public SubmissionRejected(ProblemType type, String detail) {
        this(type, detail, Map.of());
    }

    /** With extension members of the problem detail, e.g. the id of the originator's existing report. */
    public SubmissionRejected(ProblemType type, String detail, Map<String, Object> properties) {
        super(type, detail);
        this.properties = Map.copyOf(properties);
    }

    @Override
    public Map<String, Object> properties() {
        return properties;
    }
}

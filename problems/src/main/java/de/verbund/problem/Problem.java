package de.verbund.problem;

import java.util.Map;

/**
 * A request that ends in a problem type. Subclasses are named for what happened ({@code SubmissionRejected},
 * {@code ReportNotFound}); the message is safe to show the caller and never carries content or an echoed value.
 * Stack traces are not filled: these are answers, not faults.
 */
public abstract class Problem extends RuntimeException {

    private final ProblemType type;

    protected Problem(ProblemType type, String detail) {
        super(detail, null, false, false);
        this.type = type;
    }

    public ProblemType type() {
        return type;
    }

    /** Extension members of the problem detail (RFC 9457 section 3.2), e.g. the label at fault. */
    public Map<String, Object> properties() {
        return Map.of();
    }
}

package de.verbund.ingest.submit;

import java.util.Map;

import de.verbund.access.policy.ReportId;
import de.verbund.problem.Problem;
import de.verbund.problem.ProblemType;

import org.jspecify.annotations.Nullable;

/** A submission that is refused as a whole; nothing is stored. */
public final class SubmissionRejected extends Problem {

    private final @Nullable ReportId existing;

    public SubmissionRejected(ProblemType type, String detail) {
        this(type, detail, null);
    }

    /** Refused because of the originator's existing report (e.g. the same file with other labels), which it names. */
    public SubmissionRejected(ProblemType type, String detail, @Nullable ReportId existing) {
        super(type, detail);
        this.existing = existing;
    }

    public @Nullable ReportId existing() {
        return existing;
    }

    /** The existing report as the problem detail's {@code existingId} member. */
    @Override
    public Map<String, Object> properties() {
        return existing == null ? Map.of() : Map.of("existingId", existing.toString());
    }
}

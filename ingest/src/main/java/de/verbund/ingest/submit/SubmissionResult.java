package de.verbund.ingest.submit;

import de.verbund.access.policy.ReportId;

/** Outcome of a durable submission. */
public sealed interface SubmissionResult {

    ReportId id();

    /** Stored now; the warnings say what the submitter should know about the file (none: empty). */
    record Accepted(ReportId id, java.util.List<ExtractionWarning> warnings) implements SubmissionResult {
        public Accepted {
            warnings = java.util.List.copyOf(warnings);
        }
    }

    /** The same originator already submitted the same bytes; nothing new was stored. */
    record Duplicate(ReportId id) implements SubmissionResult {}
}

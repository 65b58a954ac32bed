package de.verbund.ingest.submit;

import de.verbund.access.policy.ReportId;

/** Outcome of a durable submission. */
public sealed interface SubmissionResult {

    ReportId id();

    /** Stored now. */
    record Accepted(ReportId id) implements SubmissionResult {}

    /** The same originator already submitted the same bytes; nothing new was stored. */
    record Duplicate(ReportId id) implements SubmissionResult {}
}

package de.verbund.ingest.submit;

import java.time.Instant;

import de.verbund.access.policy.ReportAccessView;

/** A report as held in the system of record. {@code text} is content: never log it. */
public record StoredReport(ReportAccessView view, String text, String contentType, String sha256, long sizeBytes,
                           Instant submittedAt, String submittedBy, boolean textTruncated) {}

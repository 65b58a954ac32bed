package de.verbund.ingest.submit;

import java.time.Instant;
import java.util.List;

import de.verbund.access.policy.ReportAccessView;

import org.jspecify.annotations.Nullable;

/**
 * A report as held in the system of record. {@code text} is content: never log it.
 *
 * @param normalised the normalised report (schema v1) as JSON, without the text
 * @param selectors selector keys ({@code type:value})
 * @param version the number of the current version of the content (1 until it is superseded)
 */
public record StoredReport(ReportAccessView view, String text, String contentType, String sha256, long sizeBytes,
                           Instant submittedAt, String submittedBy, boolean textTruncated, String language,
                           String normalised, List<String> selectors, @Nullable String kekId,
                           String signatureStatus, @Nullable String signer, @Nullable String vaultLocation,
                           int version) {}

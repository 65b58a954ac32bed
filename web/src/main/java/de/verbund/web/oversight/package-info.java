/**
 * Oversight's pages: the audit events with filters, who saw a report, what a user did, consultations per authority
 * and month as a chart, anomalies, and the latest signed checkpoint with the export to verify offline — through
 * {@link de.verbund.audit.Oversight}, which records every one of these questions in the trail.
 */
@NullMarked
package de.verbund.web.oversight;

import org.jspecify.annotations.NullMarked;

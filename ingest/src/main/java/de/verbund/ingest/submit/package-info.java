/**
 * Accepting a submission, one file or a batch through one pipeline: uploads staged, labels checked, text extracted,
 * reports and outbox entries stored in one transaction, every outcome audited.
 */
@NullMarked
package de.verbund.ingest.submit;

import org.jspecify.annotations.NullMarked;

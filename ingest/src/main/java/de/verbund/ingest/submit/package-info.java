/** Accepting a submission: labels checked, text extracted, report and outbox entry stored in one transaction. */
@NullMarked
package de.verbund.ingest.submit;

import org.jspecify.annotations.NullMarked;

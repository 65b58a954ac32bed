package de.verbund.ingest.submit;

import java.util.List;

/**
 * New reports are being stored together with their index outbox rows: published on the submitting thread inside the
 * transaction, right before its commit (so that the documents are there when the commit's notification wakes the
 * indexers; if the commit fails, their outbox rows never exist and the documents are never used). The index uses it
 * to index the reports without reading them back and opening them again; the outbox row stays the record of what is
 * to be indexed, so nothing depends on this event being heard. Holds content: never log it.
 */
public record ReportsStored(List<Entry> reports) {

    public ReportsStored {
        reports = List.copyOf(reports);
    }

    /** One committed report as stored, and the id of the outbox row that its submission added. */
    public record Entry(long outboxRow, StoredReport report) {}
}

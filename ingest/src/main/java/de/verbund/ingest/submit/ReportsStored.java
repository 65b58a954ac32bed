package de.verbund.ingest.submit;

import java.util.List;

/**
 * New reports were committed together with their index outbox rows (published after the commit, on the submitting
 * thread). The index uses it to index them without reading them back and opening them again; the outbox row stays
 * the record of what is to be indexed, so nothing depends on this event being heard. Holds content: never log it.
 */
public record ReportsStored(List<Entry> reports) {

    public ReportsStored {
        reports = List.copyOf(reports);
    }

    /** One committed report as stored, and the id of the outbox row that its submission added. */
    public record Entry(long outboxRow, StoredReport report) {}
}

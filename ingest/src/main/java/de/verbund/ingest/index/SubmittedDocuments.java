package de.verbund.ingest.index;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import de.verbund.access.policy.ReportId;
import de.verbund.ingest.submit.ReportsStored;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The documents of reports this instance has just committed, by the outbox row their submission added, so that the
 * indexer need not read each one back and open it again (a data-key unwrap in the key store and two decryptions per
 * report: about a quarter of the hub's CPU per submitted text report). The outbox stays the record of what is to be
 * indexed: an entry is used only for exactly that row, and only when no other change of the report is pending
 * (then the stored state is newer and is read instead); a row without an entry (after a restart, on another
 * instance, after eviction) is read back as before. Bounded by entries and by characters of text, oldest dropped
 * first. Holds content in memory until the row is indexed (or, for a submission whose commit failed, until it ages
 * out: its rows never exist, and row ids are not reused).
 */
@Component
class SubmittedDocuments {

    static final int MAX_ENTRIES = 10_000;
    static final long MAX_TEXT_CHARS = 32L * 1024 * 1024;

    private final Map<Long, ReportDocument> byOutboxRow = new LinkedHashMap<>();
    private long textChars;

    @EventListener
    void on(ReportsStored stored) {
        List<ReportsStored.Entry> reports = stored.reports();
        synchronized (this) {
            for (ReportsStored.Entry entry : reports) {
                ReportDocument document = ReportDocument.of(entry.report());
                ReportDocument before = byOutboxRow.put(entry.outboxRow(), document);
                textChars += document.text().length() - (before == null ? 0 : before.text().length());
            }
            Iterator<ReportDocument> oldest = byOutboxRow.values().iterator();
            while ((byOutboxRow.size() > MAX_ENTRIES || textChars > MAX_TEXT_CHARS) && oldest.hasNext()) {
                textChars -= oldest.next().text().length();
                oldest.remove();
            }
        }
    }

    /**
     * Takes the entries of the claimed rows out: the documents of the reports whose only claimed row has one. Every
     * claimed row's entry is dropped, used or not (a claimed row is indexed now, one way or the other).
     */
    synchronized Map<ReportId, ReportDocument> take(Map<ReportId, List<Long>> claimed) {
        Map<ReportId, ReportDocument> found = new HashMap<>();
        if (byOutboxRow.isEmpty()) {
            return found;
        }
        for (Map.Entry<ReportId, List<Long>> report : claimed.entrySet()) {
            ReportDocument document = null;
            for (Long row : report.getValue()) {
                ReportDocument entry = byOutboxRow.remove(row);
                if (entry != null) {
                    textChars -= entry.text().length();
                    document = entry;
                }
            }
            if (document != null && report.getValue().size() == 1 && document.id().equals(report.getKey().toString())) {
                found.put(report.getKey(), document);
            }
        }
        return found;
    }

    synchronized int size() {
        return byOutboxRow.size();
    }
}

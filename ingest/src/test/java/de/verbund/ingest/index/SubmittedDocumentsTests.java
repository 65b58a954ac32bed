package de.verbund.ingest.index;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import de.verbund.access.label.Authority;
import de.verbund.access.label.Classification;
import de.verbund.access.label.Collection;
import de.verbund.access.label.Disclosure;
import de.verbund.access.label.HandlingCode;
import de.verbund.access.label.Labels;
import de.verbund.access.label.PhenomenonArea;
import de.verbund.access.policy.ReportAccessView;
import de.verbund.access.policy.ReportId;
import de.verbund.ingest.submit.ReportsStored;
import de.verbund.ingest.submit.StoredReport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SubmittedDocumentsTests {

    private final SubmittedDocuments documents = new SubmittedDocuments();

    @Test
    void claimedRowWithADocumentThenIndexedAsSubmittedAndTakenOut() {
        StoredReport report = report("Bericht");
        documents.on(new ReportsStored(List.of(new ReportsStored.Entry(17, report))));

        Map<ReportId, ReportDocument> found = documents.take(Map.of(report.view().id(), List.of(17L)));

        assertThat(found).containsOnlyKeys(report.view().id());
        assertThat(found.get(report.view().id())).isEqualTo(ReportDocument.of(report));
        assertThat(documents.take(Map.of(report.view().id(), List.of(17L)))).as("used once").isEmpty();
        assertThat(documents.size()).isZero();
    }

    @Test
    void reportWithAnotherClaimedRowThenReadBackAndItsEntryDropped() {
        StoredReport report = report("Bericht");
        documents.on(new ReportsStored(List.of(new ReportsStored.Entry(17, report))));

        // submitted, then corrected before it was indexed: the stored state is newer than the submission's
        assertThat(documents.take(Map.of(report.view().id(), List.of(17L, 18L)))).isEmpty();
        assertThat(documents.size()).isZero();
    }

    @Test
    void rowWithoutAnEntryOrOfAnotherReportThenNothingFound() {
        StoredReport report = report("Bericht");
        StoredReport other = report("Anderer Bericht");
        documents.on(new ReportsStored(List.of(new ReportsStored.Entry(17, report))));

        assertThat(documents.take(Map.of(report.view().id(), List.of(18L)))).isEmpty();
        assertThat(documents.take(Map.of(other.view().id(), List.of(17L)))).as("row 17 is not the other report's").isEmpty();
    }

    @Test
    void moreTextThanTheBoundThenOldestDroppedFirst() {
        int count = 5;
        String text = "x".repeat((int) (SubmittedDocuments.MAX_TEXT_CHARS / 4));
        List<StoredReport> reports = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            reports.add(report(text));
            documents.on(new ReportsStored(List.of(new ReportsStored.Entry(i, reports.get(i)))));
        }
        assertThat(documents.size()).isEqualTo(4);
        assertThat(documents.take(Map.of(reports.get(0).view().id(), List.of(0L)))).as("the oldest").isEmpty();
        assertThat(documents.take(Map.of(reports.get(4).view().id(), List.of(4L)))).hasSize(1);
    }

    @Test
    void moreEntriesThanTheBoundThenOldestDroppedFirst() {
        List<ReportsStored.Entry> entries = new java.util.ArrayList<>();
        for (int i = 0; i <= SubmittedDocuments.MAX_ENTRIES; i++) {
            entries.add(new ReportsStored.Entry(i, report("Bericht " + i)));
        }
        documents.on(new ReportsStored(entries));
        assertThat(documents.size()).isEqualTo(SubmittedDocuments.MAX_ENTRIES);
        assertThat(documents.take(Map.of(entries.getFirst().report().view().id(), List.of(0L)))).isEmpty();
    }

    private static StoredReport report(String text) {
        Labels labels = new Labels(new Authority("BKA"), "AZ-1", "Titel", PhenomenonArea.CYBER, Classification.VS_NFD,
                new TreeSet<>(List.of("ALL")), HandlingCode.H0, null, Disclosure.FULL, Collection.OPEN,
                LocalDate.now().plusYears(1));
        return new StoredReport(new ReportAccessView(ReportId.random(), labels, false), text, "text/plain", "00",
                text.length(), Instant.parse("2026-12-07T10:00:00.123456Z"), "submitter", false, "de", "{}",
                List.of("phone:+491712345678"), "kek", "NONE", null, null, 1);
    }
}

package de.verbund.ingest.index;

import java.util.List;

import de.verbund.access.label.Labels;
import de.verbund.access.policy.ReportFields;
import de.verbund.ingest.submit.StoredReport;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.jspecify.annotations.Nullable;

/**
 * The document of one report in the search index: the labels the need-to-know filter reads, the text, the
 * selectors. Component names are the index's field names ({@link ReportFields}, mapping in {@link ReportIndex}).
 * Derived from PostgreSQL and the vault, so the index can be rebuilt at any time.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReportDocument(String id, String originator, String caseReference, String title, String text,
                             String phenomenonArea, String classification, int classificationLevel,
                             List<String> releasableTo, String handlingCode, @Nullable String handlingNote,
                             String disclosure, String collection, String reviewBy, String submittedAt,
                             String language, List<String> selectors, boolean restricted) {

    public static ReportDocument of(StoredReport report) {
        Labels labels = report.view().labels();
        return new ReportDocument(report.view().id().toString(), labels.originator().code(), labels.caseReference(),
                labels.title(), report.text(), labels.phenomenonArea().name(), labels.classification().label(),
                labels.classification().level(), List.copyOf(labels.releasableTo()), labels.handlingCode().name(),
                labels.handlingNote(), labels.disclosure().name(), labels.collection().name(),
                labels.reviewBy().toString(), report.submittedAt().toString(), report.language(), report.selectors(),
                report.view().restricted());
    }
}

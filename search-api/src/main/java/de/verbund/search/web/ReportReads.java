package de.verbund.search.web;

import java.util.List;
import java.util.Set;

import de.verbund.access.grant.GrantStore;
import de.verbund.access.policy.AccessDecision;
import de.verbund.access.policy.NeedToKnow;
import de.verbund.access.policy.ReportId;
import de.verbund.access.subject.Subject;
import de.verbund.ingest.submit.ReportStore;
import de.verbund.ingest.submit.StoredReport;

import org.springframework.stereotype.Component;

/**
 * The one gate for every call addressed by report id (read, original, related): loads the stored labels from
 * PostgreSQL, decides with the need-to-know rule and the subject's active grants, and audits the decision before
 * anything leaves. Unknown, malformed, erased and unreadable ids all end in the same {@link ReportNotFound}.
 */
@Component
class ReportReads {

    private final ReportStore store;
    private final GrantStore grants;
    private final Audits audits;

    ReportReads(ReportStore store, GrantStore grants, Audits audits) {
        this.store = store;
        this.grants = grants;
        this.audits = audits;
    }

    record Readable(StoredReport report, AccessDecision decision, Set<ReportId> grants) {}

    Readable require(Subject subject, String id, Purpose purpose, String action) {
        var reportId = ReportId.parse(id);
        var stored = reportId.flatMap(store::find);
        Set<ReportId> active = grants.activeFor(subject);
        if (stored.isEmpty()) {
            audits.record(subject, action, purpose, reportId.map(r -> List.of(r.toString())).orElse(List.of()),
                    "NOT_FOUND", "UNKNOWN_ID", null);
            throw new ReportNotFound();
        }
        StoredReport report = stored.get();
        AccessDecision decision = NeedToKnow.decide(subject, report.view(), active);
        if (!decision.granted()) {
            audits.record(subject, action, purpose, List.of(report.view().id().toString()), "DENIED",
                    decision.rule().name(), null);
            throw new ReportNotFound();
        }
        return new Readable(report, decision, active);
    }
}

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
        var view = reportId.flatMap(store::findView);
        Set<ReportId> active = grants.activeFor(subject);
        if (view.isEmpty()) {
            audits.record(subject, action, purpose, reportId.map(r -> List.of(r.toString())).orElse(List.of()),
                    "NOT_FOUND", "UNKNOWN_ID", null);
            throw new ReportNotFound();
        }
        AccessDecision decision = NeedToKnow.decide(subject, view.get(), active);
        if (!decision.granted()) {
            audits.record(subject, action, purpose, List.of(view.get().id().toString()), "DENIED",
                    decision.rule().name(), null);
            throw new ReportNotFound();
        }
        // content is loaded only after the decision, and checked again against the labels it carries
        StoredReport report = store.find(view.get().id()).orElseThrow(ReportNotFound::new);
        AccessDecision recheck = NeedToKnow.decide(subject, report.view(), active);
        if (!recheck.granted()) {
            audits.record(subject, action, purpose, List.of(view.get().id().toString()), "DENIED", recheck.rule().name(), null);
            throw new ReportNotFound();
        }
        return new Readable(report, recheck, active);
    }
}

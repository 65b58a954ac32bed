package de.verbund.access.policy;

import java.util.Set;

import de.verbund.access.label.Disclosure;
import de.verbund.access.label.Labels;
import de.verbund.access.subject.Role;
import de.verbund.access.subject.Subject;

/**
 * The need-to-know rule of the brief, clause by clause, as a pure function. Subject S may read report R iff:
 * <ol>
 *   <li>S has role analyst;</li>
 *   <li>clearance(S) &gt;= classification(R), never overridden, not even by a grant;</li>
 *   <li>phenomenonArea(R) in mandates(S), or an active grant covers S and R;</li>
 *   <li>S.authority is the originator, or releasableTo(R) holds ALL or S.authority, or a grant;</li>
 *   <li>disclosure(R) is FULL, or S.authority is the originator, or a grant;</li>
 *   <li>R has not been erased and is not restricted (no grant overrides a restriction).</li>
 * </ol>
 * {@link AccessFilter} translates the same rule into Elasticsearch; a differential test keeps both equal.
 */
public final class NeedToKnow {

    private NeedToKnow() {
    }

    /**
     * @param grantedReports ids of reports for which an active (unrevoked, unexpired) grant covers the subject
     */
    public static AccessDecision decide(Subject subject, ReportAccessView report, Set<ReportId> grantedReports) {
        ReportId id = report.id();
        Labels labels = report.labels();
        if (!subject.has(Role.ANALYST)) {
            return new AccessDecision.Denied(id, Rule.ROLE_ANALYST);
        }
        if (report.erased()) {
            return new AccessDecision.Denied(id, Rule.NOT_ERASED);
        }
        if (report.restricted()) {
            return new AccessDecision.Denied(id, Rule.NOT_RESTRICTED);
        }
        if (!subject.clearance().dominates(labels.classification())) {
            return new AccessDecision.Denied(id, Rule.CLEARANCE);
        }
        boolean grant = grantedReports.contains(id);
        boolean own = labels.originator().equals(subject.authority());
        if (!subject.mandates().contains(labels.phenomenonArea()) && !grant) {
            return new AccessDecision.Denied(id, Rule.MANDATE);
        }
        boolean releasable = own || labels.releasableToAll() || labels.releasableTo().contains(subject.authority().code());
        if (!releasable && !grant) {
            return new AccessDecision.Denied(id, Rule.RELEASABILITY);
        }
        if (labels.disclosure() != Disclosure.FULL && !own && !grant) {
            return new AccessDecision.Denied(id, Rule.DISCLOSURE);
        }
        boolean withoutGrant = subject.mandates().contains(labels.phenomenonArea()) && releasable
                && (labels.disclosure() == Disclosure.FULL || own);
        return new AccessDecision.Granted(id, withoutGrant ? Rule.ALL_CLAUSES : Rule.GRANT);
    }
}

package de.verbund.ingest.lifecycle;

import de.verbund.access.policy.ReportId;
import de.verbund.access.subject.Role;
import de.verbund.access.subject.Subject;
import de.verbund.audit.AuditAction;
import de.verbund.audit.AuditEvent;
import de.verbund.audit.AuditOutcome;
import de.verbund.audit.AuditTrail;
import de.verbund.problem.FreeText;
import de.verbund.problem.ProblemType;

import org.jspecify.annotations.Nullable;

/** The checks every lifecycle decision makes: the role, and a reason; each refusal audited before it is thrown. */
final class Approvers {

    private Approvers() {
    }

    /** Only the originator's approvers decide about a report's lifecycle (403 for any other role). */
    static void requireApprover(AuditTrail audit, Subject subject, AuditAction action) {
        if (!subject.has(Role.APPROVER)) {
            audit.record(AuditEvent.by(subject, action).rule(Role.APPROVER.claim()).outcome(AuditOutcome.DENIED));
            throw new LifecycleRejected(ProblemType.FORBIDDEN, "Only the originator's approvers decide about reports.");
        }
    }

    /** A decision needs a reason ({@link FreeText#isReason}). */
    static void requireReason(AuditTrail audit, Subject approver, AuditAction action, ReportId report,
                              @Nullable String reason) {
        if (!FreeText.isReason(reason)) {
            audit.record(AuditEvent.by(approver, action).report(report).rule("REASON_REQUIRED")
                    .outcome(AuditOutcome.REJECTED));
            throw new LifecycleRejected(ProblemType.INVALID_DECISION, "A 'reason' is required (up to " + FreeText.MAX_REASON
                    + " characters, no control characters).");
        }
    }
}

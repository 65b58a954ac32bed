package de.verbund.search.web;

import java.util.List;

import de.verbund.access.audit.AuditEvent;
import de.verbund.access.audit.AuditTrail;
import de.verbund.access.subject.Subject;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Builds audit events for a subject and writes them before the answer leaves. */
@Component
class Audits {

    private final AuditTrail trail;

    Audits(AuditTrail trail) {
        this.trail = trail;
    }

    void record(Subject subject, String action, @Nullable Purpose purpose, List<String> reports, String outcome,
                @Nullable String rule, @Nullable String detail) {
        trail.record(event(subject, action, purpose, reports, outcome, rule, detail));
    }

    /** Several events of one request, written with one wait. */
    void recordAll(List<AuditEvent> events) {
        trail.recordAll(events);
    }

    AuditEvent event(Subject subject, String action, @Nullable Purpose purpose, List<String> reports, String outcome,
                     @Nullable String rule, @Nullable String detail) {
        return AuditEvent.by(subject, action, purpose == null ? null : purpose.purpose(),
                purpose == null ? null : purpose.caseReference(), reports, outcome, rule, detail);
    }
}

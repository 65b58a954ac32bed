package de.verbund.access.audit;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One audit record (BRIEF "Audit"). Never holds report content, keys or tokens.
 *
 * @param actorId token {@code sub}, or {@code anonymous} for a request without a valid token
 * @param reports the reports concerned; for a search, the ids returned
 * @param outcome e.g. {@code OK}, {@code DENIED}, {@code NOT_FOUND}, {@code REJECTED}
 * @param rule the rule that decided, e.g. a clause of the need-to-know rule, or the role check
 * @param detail small structured context (query, counts), no content
 */
public record AuditEvent(String actorId, String actorName, @Nullable String actorAuthority, List<String> actorRoles,
                         String action, @Nullable String purpose, @Nullable String caseReference,
                         List<String> reports, @Nullable String recipient, String outcome, @Nullable String rule,
                         @Nullable String detail) {

    /** An event of an authenticated subject; the recipient is the subject's own authority. */
    public static AuditEvent by(de.verbund.access.subject.Subject subject, String action, @Nullable String purpose,
                                @Nullable String caseReference, List<String> reports, String outcome,
                                @Nullable String rule, @Nullable String detail) {
        return new AuditEvent(subject.userId(), subject.userName(), subject.authority().code(),
                subject.roles().stream().map(de.verbund.access.subject.Role::claim).sorted().toList(), action, purpose,
                caseReference, reports, subject.authority().code(), outcome, rule, detail);
    }

    /** The same event with another recipient, e.g. the originator told of a withheld hit, or a grantee. */
    public AuditEvent to(String newRecipient) {
        return new AuditEvent(actorId, actorName, actorAuthority, actorRoles, action, purpose, caseReference, reports,
                newRecipient, outcome, rule, detail);
    }

    public AuditEvent {
        Objects.requireNonNull(actorId, "actorId");
        Objects.requireNonNull(actorName, "actorName");
        actorRoles = List.copyOf(actorRoles);
        Objects.requireNonNull(action, "action");
        reports = List.copyOf(reports);
        Objects.requireNonNull(outcome, "outcome");
    }
}

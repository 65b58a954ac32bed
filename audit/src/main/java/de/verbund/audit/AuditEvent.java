package de.verbund.audit;

import java.util.List;
import java.util.Objects;

import de.verbund.access.policy.ReportId;
import de.verbund.access.subject.Role;
import de.verbund.access.subject.Subject;

import org.jspecify.annotations.Nullable;

/**
 * One audit record (docs/brief.md "Audit"). Never holds report content, keys or tokens. Built with
 * {@link #by(Subject, AuditAction)} (an authenticated subject) or {@link #anonymous(AuditAction)}, e.g.
 * <pre>{@code AuditEvent.by(subject, AuditAction.READ).purpose(purpose).report(id).rule(decision.rule()).outcome(AuditOutcome.OK)}</pre>
 *
 * @param actorId token {@code sub}, or {@code anonymous} for a request without a valid token
 * @param reports the reports concerned; for a search, the ids returned
 * @param recipient to whom the answer (or a notification) went; the actor's own authority unless said otherwise
 * @param rule what decided: a clause of the need-to-know rule, the role check, or a rule of the exchange
 * @param detail small structured context (query, counts), no content
 */
public record AuditEvent(String actorId, String actorName, @Nullable String actorAuthority, List<String> actorRoles,
                         AuditAction action, @Nullable String purpose, @Nullable String caseReference,
                         List<String> reports, @Nullable String recipient, AuditOutcome outcome, @Nullable String rule,
                         @Nullable String detail) {

    public AuditEvent {
        Objects.requireNonNull(actorId, "actorId");
        Objects.requireNonNull(actorName, "actorName");
        actorRoles = List.copyOf(actorRoles);
        Objects.requireNonNull(action, "action");
        reports = List.copyOf(reports);
        Objects.requireNonNull(outcome, "outcome");
    }

    /** An event of an authenticated subject; the recipient is the subject's own authority. */
    public static Builder by(Subject subject, AuditAction action) {
        return new Builder(subject.userId(), subject.userName(), subject.authority().code(),
                subject.roles().stream().map(Role::claim).sorted().toList(), action);
    }

    /** An event of a request without a valid token. */
    public static Builder anonymous(AuditAction action) {
        return new Builder("anonymous", "anonymous", null, List.of(), action);
    }

    /** An event of a command an operator ran on the hub itself (no token), named by the command. */
    public static Builder system(String command, AuditAction action) {
        return new Builder("system", command, null, List.of(), action);
    }

    /** The same event with another recipient, e.g. the originator told of a withheld hit, or a grantee. */
    public AuditEvent to(String newRecipient) {
        return new AuditEvent(actorId, actorName, actorAuthority, actorRoles, action, purpose, caseReference, reports,
                newRecipient, outcome, rule, detail);
    }

    /** Collects the optional parts; {@link #outcome(AuditOutcome)} ends it. */
    public static final class Builder {
        private final String actorId;
        private final String actorName;
        private final @Nullable String actorAuthority;
        private final List<String> actorRoles;
        private final AuditAction action;
        private @Nullable String purpose;
        private @Nullable String caseReference;
        private List<String> reports = List.of();
        private @Nullable String recipient;
        private @Nullable String rule;
        private @Nullable String detail;

        private Builder(String actorId, String actorName, @Nullable String actorAuthority, List<String> actorRoles,
                        AuditAction action) {
            this.actorId = actorId;
            this.actorName = actorName;
            this.actorAuthority = actorAuthority;
            this.actorRoles = actorRoles;
            this.action = action;
            this.recipient = actorAuthority;
        }

        /** Why and under which of the asker's file numbers; {@code null} for actions without purpose binding. */
        public Builder purpose(@Nullable Purpose purpose) {
            this.purpose = purpose == null ? null : purpose.purpose();
            this.caseReference = purpose == null ? null : purpose.caseReference();
            return this;
        }

        /** The purpose a stored request was made with, e.g. when its decision is audited. */
        public Builder purpose(@Nullable String purpose, @Nullable String caseReference) {
            this.purpose = purpose;
            this.caseReference = caseReference;
            return this;
        }

        public Builder reports(List<String> ids) {
            this.reports = ids;
            return this;
        }

        public Builder report(ReportId id) {
            this.reports = List.of(id.toString());
            return this;
        }

        public Builder reportIds(java.util.Collection<ReportId> ids) {
            this.reports = ids.stream().map(ReportId::toString).toList();
            return this;
        }

        public Builder recipient(String authority) {
            this.recipient = authority;
            return this;
        }

        /** The deciding rule by its name: a need-to-know clause ({@code Rule}) or a module's own rule enum. */
        public Builder rule(Enum<?> rule) {
            this.rule = rule.name();
            return this;
        }

        public Builder rule(String rule) {
            this.rule = rule;
            return this;
        }

        public Builder detail(@Nullable String detail) {
            this.detail = detail;
            return this;
        }

        public AuditEvent outcome(AuditOutcome outcome) {
            return new AuditEvent(actorId, actorName, actorAuthority, actorRoles, action, purpose, caseReference,
                    reports, recipient, outcome, rule, detail);
        }
    }
}

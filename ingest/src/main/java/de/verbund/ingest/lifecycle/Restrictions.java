package de.verbund.ingest.lifecycle;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import de.verbund.access.policy.ReportId;
import de.verbund.access.subject.Subject;
import de.verbund.audit.AuditAction;
import de.verbund.audit.AuditEvent;
import de.verbund.audit.AuditOutcome;
import de.verbund.audit.AuditTrail;
import de.verbund.problem.ProblemType;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Restriction (Sperrung, § 58 BDSG; docs/adr/0014): the originator's approver restricts a report instead of erasing
 * it, and lifts the restriction again, each with a reason. A restricted report is kept but consulted by nobody — it
 * leaves search, reads, related reports, selector checks and access requests for every analyst, the originator's
 * own included (need-to-know rule, clause 6) — and appears only in its originator's approvers' list. Reads close at
 * once (the read gate checks PostgreSQL); search and the selector check follow when the outbox has re-indexed it.
 * Every change and every refusal is audited; the reason is the record's purpose.
 */
@Service
public class Restrictions {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditTrail audit;

    Restrictions(JdbcTemplate jdbc, TransactionTemplate tx, AuditTrail audit) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
    }

    /** A restricted report as its originator's approvers see it: no content, no title. */
    public record Restricted(String id, String caseReference, String classification, String restrictedAt,
                            String restrictedBy, String reason) {}

    /** Where a report stands after a change. */
    public record State(String id, boolean restricted, @Nullable String restrictedAt) {}

    public State restrict(Subject approver, String reportId, @Nullable String reason) {
        return change(approver, reportId, reason, true);
    }

    public State lift(Subject approver, String reportId, @Nullable String reason) {
        return change(approver, reportId, reason, false);
    }

    /** The originator's restricted reports, newest first (at most 1,000). */
    public List<Restricted> list(Subject approver) {
        Approvers.requireApprover(audit, approver, AuditAction.RESTRICTION_LIST);
        List<Restricted> list = jdbc.query("""
                SELECT id, case_reference, classification, restricted_at, restricted_by, restricted_reason FROM report
                WHERE originator = ? AND restricted_at IS NOT NULL AND erased_at IS NULL
                ORDER BY restricted_at DESC LIMIT 1000""",
                (rs, n) -> new Restricted(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant().toString(), rs.getString(5), rs.getString(6)),
                approver.authority().code());
        audit.record(AuditEvent.by(approver, AuditAction.RESTRICTION_LIST).rule("ORIGINATOR_APPROVER")
                .reports(list.stream().map(Restricted::id).toList()).outcome(AuditOutcome.OK));
        return list;
    }

    private State change(Subject approver, String reportId, @Nullable String reason, boolean restrict) {
        AuditAction action = restrict ? AuditAction.RESTRICT : AuditAction.RESTRICTION_LIFT;
        Approvers.requireApprover(audit, approver, action);
        Optional<UUID> id = own(approver, reportId);
        if (id.isEmpty()) {
            audit.record(AuditEvent.by(approver, action).rule("NOT_OWN_REPORT").outcome(AuditOutcome.NOT_FOUND));
            throw LifecycleRejected.notFound();
        }
        Approvers.requireReason(audit, approver, action, new ReportId(id.get()), reason);
        Instant now = Instant.now();
        Integer changed = tx.execute(status -> {
            int rows = restrict
                    ? jdbc.update("""
                            UPDATE report SET restricted_at = ?, restricted_by = ?, restricted_reason = ?
                            WHERE id = ? AND restricted_at IS NULL AND erased_at IS NULL""",
                            Timestamp.from(now), approver.userName(), reason, id.get())
                    : jdbc.update("""
                            UPDATE report SET restricted_at = NULL, restricted_by = NULL, restricted_reason = NULL
                            WHERE id = ? AND restricted_at IS NOT NULL AND erased_at IS NULL""", id.get());
            if (rows > 0) {
                // the index copy follows through the outbox; until then the filter still sees the old state, the
                // read gate (PostgreSQL) does not
                jdbc.update("INSERT INTO index_outbox (report_id, action) VALUES (?, 'INDEX')", id.get());
            }
            return rows;
        });
        if (changed == null || changed == 0) {
            audit.record(AuditEvent.by(approver, action).report(new ReportId(id.get())).rule("ALREADY_IN_STATE")
                    .outcome(AuditOutcome.REJECTED));
            throw new LifecycleRejected(ProblemType.ALREADY_DECIDED, restrict ? "The report is already restricted."
                    : "The report is not restricted.");
        }
        audit.record(AuditEvent.by(approver, action).purpose(reason, null).report(new ReportId(id.get()))
                .rule("ORIGINATOR_APPROVER").outcome(AuditOutcome.OK));
        return new State(id.get().toString(), restrict, restrict ? now.toString() : null);
    }

    /** The id when it names a live report of the approver's own authority; the same empty answer otherwise. */
    private Optional<UUID> own(Subject approver, String reportId) {
        return uuid(reportId).flatMap(id -> jdbc.query("SELECT id FROM report WHERE id = ? AND originator = ? AND erased_at IS NULL",
                (rs, n) -> rs.getObject(1, UUID.class), id, approver.authority().code()).stream().findFirst());
    }

    /** A report id in its canonical form (36 characters); anything else is no id. */
    static Optional<UUID> uuid(String reportId) {
        if (reportId.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(reportId));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

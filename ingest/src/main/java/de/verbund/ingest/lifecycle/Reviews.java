package de.verbund.ingest.lifecycle;

import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import de.verbund.access.label.PersonsConcerned;
import de.verbund.access.policy.ReportId;
import de.verbund.access.subject.Subject;
import de.verbund.audit.AuditAction;
import de.verbund.audit.AuditEvent;
import de.verbund.audit.AuditOutcome;
import de.verbund.audit.AuditTrail;
import de.verbund.cluster.Leadership;
import de.verbund.problem.ProblemType;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Review deadlines (Aussonderungsprüffristen, § 77 BKAG; docs/adr/0014). The originator's approvers see the reports
 * due within {@value #DUE_DAYS} days, the overdue ones and the restricted ones, and decide: keep until a new date
 * (with a reason, within the maximum the persons concerned allow, counted from the decision) or restrict
 * ({@link Restrictions}). A report past its deadline without a decision is restricted automatically by
 * {@link #restrictOverdue()} — it leaves every consultation — and stays in its originator's queue, marked so, with a
 * notice ({@link #notices}); a later "keep" lifts such an automatic restriction. Erasure: {@link Erasures}.
 */
@Service
public class Reviews {

    public static final int DUE_DAYS = 30;
    /** Who restricted a report whose review deadline passed without a decision (the {@code restricted_by} column). */
    public static final String DEADLINE_RULE = "review-deadline";
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    private static final Logger log = LoggerFactory.getLogger(Reviews.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final Leadership leadership;

    Reviews(JdbcTemplate jdbc, TransactionTemplate tx, AuditTrail audit, Leadership leadership) {
        this.leadership = leadership;
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
    }

    /**
     * One report in the review queue: no title, no content.
     *
     * @param restrictedBy {@value #DEADLINE_RULE} when the deadline passed without a decision, else the approver
     */
    public record Due(String id, String caseReference, String classification, String personsConcerned, String reviewBy,
                      boolean overdue, boolean restricted, @Nullable String restrictedAt, @Nullable String restrictedBy,
                      @Nullable String restrictionReason) {}

    /** What the rule did without a decision, for the originator's approvers. */
    public enum NoticeKind { RESTRICTED_BY_DEADLINE, ERASED_AFTER_GRACE }

    /** One notice: no title, no content. */
    public record Notice(String reportId, String caseReference, NoticeKind kind, String at) {}

    /** The notices to the approver's authority, newest first (at most 500). */
    public List<Notice> notices(Subject approver) {
        Approvers.requireApprover(audit, approver, AuditAction.REVIEW_LIST);
        List<Notice> notices = jdbc.query("""
                SELECT report_id, case_reference, kind, created_at FROM lifecycle_notice WHERE originator = ?
                ORDER BY created_at DESC, id DESC LIMIT 500""", (rs, n) -> new Notice(rs.getString(1), rs.getString(2),
                NoticeKind.valueOf(rs.getString(3)), rs.getTimestamp(4).toInstant().toString()), approver.authority().code());
        audit.record(AuditEvent.by(approver, AuditAction.REVIEW_LIST).rule("LIFECYCLE_NOTICES")
                .reports(notices.stream().map(Notice::reportId).distinct().toList()).detail("notices=" + notices.size())
                .outcome(AuditOutcome.OK));
        return notices;
    }

    /** Records a notice in the caller's transaction. */
    static void notice(JdbcTemplate jdbc, String originator, String reportId, String caseReference, NoticeKind kind) {
        jdbc.update("INSERT INTO lifecycle_notice (originator, report_id, case_reference, kind) VALUES (?, ?::uuid, ?, ?)",
                originator, reportId, caseReference, kind.name());
    }

    /** A decision's result. */
    public record Kept(String id, String reviewBy, boolean restrictionLifted) {}

    /** The approver's queue: due within 30 days, overdue, restricted; by review date (at most 1,000). */
    public List<Due> queue(Subject approver) {
        Approvers.requireApprover(audit, approver, AuditAction.REVIEW_LIST);
        LocalDate today = LocalDate.now(ZONE);
        List<Due> due = jdbc.query("""
                SELECT id, case_reference, classification, persons_concerned, review_by, restricted_at, restricted_by,
                       restricted_reason
                FROM report WHERE originator = ? AND erased_at IS NULL AND (review_by <= ? OR restricted_at IS NOT NULL)
                ORDER BY review_by, id LIMIT 1000""",
                (rs, n) -> {
                    LocalDate reviewBy = rs.getObject("review_by", LocalDate.class);
                    var restrictedAt = rs.getTimestamp("restricted_at");
                    return new Due(rs.getString("id"), rs.getString("case_reference"), rs.getString("classification"),
                            rs.getString("persons_concerned"), reviewBy.toString(), reviewBy.isBefore(today),
                            restrictedAt != null, restrictedAt == null ? null : restrictedAt.toInstant().toString(),
                            rs.getString("restricted_by"), rs.getString("restricted_reason"));
                }, approver.authority().code(), Date.valueOf(today.plusDays(DUE_DAYS)));
        audit.record(AuditEvent.by(approver, AuditAction.REVIEW_LIST).rule("ORIGINATOR_APPROVER")
                .reports(due.stream().map(Due::id).toList()).detail("due=" + due.size()).outcome(AuditOutcome.OK));
        return due;
    }

    /** Keep the report until {@code reviewBy}; lifts a restriction that only the passed deadline had caused. */
    public Kept keep(Subject approver, String reportId, @Nullable String reviewBy, @Nullable String reason) {
        Approvers.requireApprover(audit, approver, AuditAction.REVIEW_KEEP);
        record Own(UUID id, PersonsConcerned persons, LocalDate reviewBy) {}
        Optional<Own> own = Restrictions.uuid(reportId).flatMap(id -> jdbc.query("""
                SELECT id, persons_concerned, review_by FROM report WHERE id = ? AND originator = ? AND erased_at IS NULL""",
                (rs, n) -> new Own(rs.getObject(1, UUID.class), PersonsConcerned.valueOf(rs.getString(2)),
                        rs.getObject(3, LocalDate.class)), id, approver.authority().code()).stream().findFirst());
        if (own.isEmpty()) {
            audit.record(AuditEvent.by(approver, AuditAction.REVIEW_KEEP).rule("NOT_OWN_REPORT").outcome(AuditOutcome.NOT_FOUND));
            throw LifecycleRejected.notFound();
        }
        ReportId id = new ReportId(own.get().id());
        LocalDate today = LocalDate.now(ZONE);
        LocalDate next;
        try {
            next = reviewBy == null ? null : LocalDate.parse(reviewBy);
        } catch (DateTimeParseException e) {
            next = null;
        }
        int maxYears = own.get().persons().maxReviewYears();
        if (next == null || !next.isAfter(today) || next.isAfter(today.plusYears(maxYears))) {
            audit.record(AuditEvent.by(approver, AuditAction.REVIEW_KEEP).report(id).rule("REVIEW_DATE_INVALID")
                    .outcome(AuditOutcome.REJECTED));
            throw new LifecycleRejected(ProblemType.INVALID_DECISION, "'reviewBy' must be a date (YYYY-MM-DD) after today "
                    + "and at most " + maxYears + " years ahead for this report (persons concerned: "
                    + own.get().persons() + ").");
        }
        Approvers.requireReason(audit, approver, AuditAction.REVIEW_KEEP, id, reason);
        LocalDate decided = next;
        Integer lifted = tx.execute(status -> {
            jdbc.update("UPDATE report SET review_by = ? WHERE id = ?", Date.valueOf(decided), id.value());
            int unrestricted = jdbc.update("""
                    UPDATE report SET restricted_at = NULL, restricted_by = NULL, restricted_reason = NULL
                    WHERE id = ? AND restricted_by = ?""", id.value(), DEADLINE_RULE);
            jdbc.update("INSERT INTO index_outbox (report_id, action) VALUES (?, 'INDEX')", id.value());
            return unrestricted;
        });
        boolean liftedNow = lifted != null && lifted > 0;
        audit.record(AuditEvent.by(approver, AuditAction.REVIEW_KEEP).purpose(reason, null).report(id)
                .rule("ORIGINATOR_APPROVER").detail("reviewBy " + own.get().reviewBy() + " -> " + decided
                        + (liftedNow ? "; deadline restriction lifted" : "")).outcome(AuditOutcome.OK));
        return new Kept(id.toString(), decided.toString(), liftedNow);
    }

    /**
     * Restricts every report whose review deadline has passed without a decision (§ 77 BKAG: nothing past its date
     * is consulted), audited as the rule's decision; the originator finds them in its queue. Safe on several hub
     * instances at once: a row is restricted once, whoever gets there first.
     *
     * @return the number of reports restricted now
     */
    /** The schedule: on the leader instance only (the rule acts once, and tells the originator once). */
    @Scheduled(fixedDelayString = "${verbund.lifecycle.review-sweep-ms:3600000}",
            initialDelayString = "${verbund.lifecycle.review-sweep-initial-ms:60000}")
    void restrictOverdueOnLeader() {
        if (leadership.isLeader()) {
            restrictOverdue();
        }
    }

    public int restrictOverdue() {
        LocalDate today = LocalDate.now(ZONE);
        List<String[]> restricted = new ArrayList<>();
        tx.executeWithoutResult(status -> {
            restricted.addAll(jdbc.query("""
                    UPDATE report SET restricted_at = now(), restricted_by = ?,
                           restricted_reason = 'Prüffrist ohne Entscheidung abgelaufen (§ 77 BKAG)'
                    WHERE review_by < ? AND restricted_at IS NULL AND erased_at IS NULL
                    RETURNING id, originator, case_reference""", (rs, n) -> new String[] {rs.getString(1), rs.getString(2),
                    rs.getString(3)}, DEADLINE_RULE, Date.valueOf(today)));
            for (String[] row : restricted) {
                jdbc.update("INSERT INTO index_outbox (report_id, action) VALUES (?::uuid, 'INDEX')", row[0]);
                notice(jdbc, row[1], row[0], row[2], NoticeKind.RESTRICTED_BY_DEADLINE);
            }
        });
        if (!restricted.isEmpty()) {
            audit.recordAll(restricted.stream().map(row -> AuditEvent.system(DEADLINE_RULE, AuditAction.RESTRICT)
                    .reports(List.of(row[0])).recipient(row[1]).rule("REVIEW_DEADLINE_PASSED")
                    .outcome(AuditOutcome.OK)).toList());
            log.info("restricted {} reports past their review deadline", restricted.size());
        }
        return restricted.size();
    }
}

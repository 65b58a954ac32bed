package de.verbund.ingest.lifecycle;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import de.verbund.access.policy.ReportId;
import de.verbund.access.subject.Subject;
import de.verbund.audit.AuditAction;
import de.verbund.audit.AuditEvent;
import de.verbund.audit.AuditOutcome;
import de.verbund.audit.AuditTrail;
import de.verbund.cluster.CrashPoints;
import de.verbund.cluster.Leadership;
import de.verbund.ingest.IngestProperties;
import de.verbund.ingest.crypto.Vault;
import de.verbund.ingest.index.ReportIndex;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erasure of a report and every earlier version of its content (lifecycle issue; BRIEF "Protection of the data"; docs/adr/0015), by its originator's approver
 * with a reason, or by the rule when a report restricted by its passed review deadline got no decision within the
 * grace period. Two steps, each idempotent:
 * <ol>
 *   <li><b>mark</b> (one transaction): {@code erased_at} set — from then on the need-to-know rule (clause 6) refuses
 *       it everywhere, the read gate at once —, its grants deleted, its index entry queued for deletion;</li>
 *   <li><b>shred</b>: the original's CMS header with the only wrapped copy of the data key is destroyed in the vault
 *       (a pack region overwritten, a single file deleted) — every sealed copy of text and normalised form, in the
 *       table, its WAL and its backups, is unreadable from then on —; then the sealed content, the selectors, the
 *       title and the handling note are removed from the row, which stays as the tombstone (id, labels, content
 *       hash, who, when, why).</li>
 * </ol>
 * A crash between the steps leaves a marked report that nobody can consult; {@link #finishPending()} completes it.
 * The audit trail keeps an {@code ERASE} record with the reason and the content hash.
 */
@Service
public class Erasures {

    /** Who erased a report whose deadline restriction outlived the grace period (the {@code erased_by} column). */
    public static final String GRACE_RULE = "review-grace-period";
    /** The title an erased report keeps (the column requires one). */
    public static final String ERASED_TITLE = "[gelöscht]";

    private static final Logger log = LoggerFactory.getLogger(Erasures.class);

    private final Leadership leadership;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final Vault vault;
    private final IngestProperties.Lifecycle settings;
    private final Clock clock;
    private final ReportIndex index;

    Erasures(JdbcTemplate jdbc, TransactionTemplate tx, AuditTrail audit, Vault vault, IngestProperties properties,
             ReportIndex index, Leadership leadership) {
        this.leadership = leadership;
        this.index = index;
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.vault = vault;
        this.settings = properties.lifecycle();
        this.clock = Clock.systemUTC();
    }

    /** The answer to an erasure: the report is gone for everyone; {@code shredded} once its key is destroyed. */
    public record Erased(String id, String erasedAt, boolean shredded) {}

    /** Erases a live report of the approver's own authority; any other id answers 404 alike. */
    public Erased erase(Subject approver, String reportId, @Nullable String reason) {
        Approvers.requireApprover(audit, approver, AuditAction.ERASE);
        Optional<UUID> id = Restrictions.uuid(reportId).flatMap(uuid -> jdbc.query(
                "SELECT id FROM report WHERE id = ? AND originator = ? AND erased_at IS NULL",
                (rs, n) -> rs.getObject(1, UUID.class), uuid, approver.authority().code()).stream().findFirst());
        if (id.isEmpty()) {
            audit.record(AuditEvent.by(approver, AuditAction.ERASE).rule("NOT_OWN_REPORT").outcome(AuditOutcome.NOT_FOUND));
            throw LifecycleRejected.notFound();
        }
        ReportId report = new ReportId(id.get());
        Approvers.requireReason(audit, approver, AuditAction.ERASE, report, reason);
        Instant now = clock.instant();
        List<Marked> marked = tx.execute(status -> mark("id = ? AND erased_at IS NULL", now, approver.userName(), reason,
                id.get()));
        if (marked == null || marked.isEmpty()) { // erased meanwhile by another request: gone like an unknown id
            audit.record(AuditEvent.by(approver, AuditAction.ERASE).report(report).rule("ALREADY_ERASED")
                    .outcome(AuditOutcome.NOT_FOUND));
            throw LifecycleRejected.notFound();
        }
        audit.record(AuditEvent.by(approver, AuditAction.ERASE).purpose(reason, null).report(report)
                .rule("ORIGINATOR_APPROVER").detail(marked.getFirst().tombstone()).outcome(AuditOutcome.OK));
        CrashPoints.reached(CrashPoints.AFTER_ERASURE_MARK);
        boolean shredded = shredQuietly(id.get());
        return new Erased(report.toString(), now.toString(), shredded);
    }

    /** A report just marked erased: what its tombstone in the audit trail keeps. */
    private record Marked(UUID id, String originator, String sha256, String caseReference) {
        String tombstone() {
            return "sha256=" + sha256;
        }
    }

    private List<Marked> mark(String where, Instant now, String by, @Nullable String reason, Object... args) {
        Object[] params = new Object[args.length + 3];
        params[0] = Timestamp.from(now);
        params[1] = by;
        params[2] = reason;
        System.arraycopy(args, 0, params, 3, args.length);
        List<Marked> marked = jdbc.query("UPDATE report SET erased_at = ?, erased_by = ?, erased_reason = ? WHERE " + where
                + " RETURNING id, originator, sha256, case_reference", (rs, n) -> new Marked(rs.getObject(1, UUID.class),
                rs.getString(2), rs.getString(3).trim(), rs.getString(4)), params);
        for (Marked m : marked) {
            jdbc.update("DELETE FROM access_grant WHERE report_id = ?", m.id());
            jdbc.update("INSERT INTO index_outbox (report_id, action) VALUES (?, 'DELETE')", m.id());
        }
        return marked;
    }

    /**
     * Destroys the data key of an erased report and removes its content, selectors and title from its row.
     * Idempotent; safe on several hub instances at once (only one records the completion).
     *
     * @return whether this call completed the erasure
     */
    boolean shred(UUID id) {
        record Pending(@Nullable String location, String originator) {}
        Optional<Pending> pending = jdbc.query("""
                SELECT vault_location, originator FROM report WHERE id = ? AND erased_at IS NOT NULL AND shredded_at IS NULL""",
                (rs, n) -> new Pending(rs.getString(1), rs.getString(2)), id).stream().findFirst();
        if (pending.isEmpty()) {
            return false;
        }
        for (String earlier : jdbc.query("SELECT vault_location FROM report_version WHERE report_id = ?",
                (rs, n) -> rs.getString(1), id)) {
            vault.destroy(new ReportId(id), earlier); // every earlier version has its own data key
        }
        vault.destroy(new ReportId(id), pending.get().location());
        CrashPoints.reached(CrashPoints.AFTER_KEY_DESTROYED);
        jdbc.update("DELETE FROM report_version WHERE report_id = ?", id);
        int done = jdbc.update("""
                UPDATE report SET text = NULL, text_sealed = NULL, normalised = NULL, normalised_sealed = NULL,
                       selectors = '{}', title = ?, handling_note = NULL, shredded_at = now()
                WHERE id = ? AND shredded_at IS NULL""", ERASED_TITLE, id);
        if (done == 0) {
            return false;
        }
        audit.record(AuditEvent.system("erasure", AuditAction.ERASURE_COMPLETED).reports(List.of(id.toString()))
                .recipient(pending.get().originator()).rule("DATA_KEY_DESTROYED").outcome(AuditOutcome.OK));
        return true;
    }

    /** Shreds now; a failure (vault unavailable) leaves the marked report for {@link #finishPending()}. */
    private boolean shredQuietly(UUID id) {
        try {
            return shred(id);
        } catch (RuntimeException e) {
            log.warn("erasure of {} marked; destroying its key failed and is retried by the sweep: {}", id, e.toString());
            return false;
        }
    }

    /**
     * Completes erasures a crash or a failing vault left half done; returns how many it completed. Runs on every
     * instance: shredding is idempotent and records its completion once ({@code shredded_at IS NULL} guard).
     */
    @Scheduled(fixedDelayString = "${verbund.lifecycle.erasure-sweep-ms:60000}",
            initialDelayString = "${verbund.lifecycle.erasure-sweep-initial-ms:10000}")
    public int finishPending() {
        List<UUID> pending = jdbc.queryForList("""
                SELECT id FROM report WHERE erased_at IS NOT NULL AND shredded_at IS NULL ORDER BY erased_at LIMIT 10000""",
                UUID.class);
        int done = 0;
        for (UUID id : pending) {
            if (shredQuietly(id)) {
                done++;
            }
        }
        if (done > 0) {
            log.info("completed {} pending erasures", done);
        }
        return done;
    }

    /**
     * Nightly: the documents of erased reports leave the index files too (flush, force merge expunging deletes), so
     * that no file under Elasticsearch's data folder keeps their text (see {@link ReportIndex#expungeDeleted()}).
     */
    @Scheduled(cron = "${verbund.lifecycle.expunge-cron:0 30 3 * * *}", zone = "Europe/Berlin")
    public void expungeErasedFromIndex() {
        if (!leadership.isLeader()) {
            return;
        }
        try {
            index.expungeDeleted();
        } catch (java.io.IOException | RuntimeException e) {
            log.warn("expunging deleted documents from the index failed; next night again: {}", e.toString());
        }
    }

    /**
     * Erases the reports that the passed review deadline restricted ({@link Reviews#DEADLINE_RULE}) and that got no
     * decision within the grace period (default 90 days): the rule is the reason. A restriction decided by an approver
     * is never erased by the rule.
     *
     * @return the number of reports erased now
     */
    /** The schedule: on the leader instance only (the rule acts once, and tells the originator once). */
    @Scheduled(fixedDelayString = "${verbund.lifecycle.review-sweep-ms:3600000}",
            initialDelayString = "${verbund.lifecycle.review-sweep-initial-ms:60000}")
    void eraseAfterGraceOnLeader() {
        if (leadership.isLeader()) {
            eraseAfterGrace();
        }
    }

    public int eraseAfterGrace() {
        Instant now = clock.instant();
        Instant restrictedBefore = now.minus(settings.erasureGrace());
        List<Marked> marked = new ArrayList<>();
        tx.executeWithoutResult(status -> {
            marked.addAll(mark("""
                    restricted_by = ? AND restricted_at < ? AND erased_at IS NULL""", now, GRACE_RULE,
                    "Prüffrist abgelaufen, keine Entscheidung binnen " + settings.erasureGrace().toDays() + " Tagen",
                    Reviews.DEADLINE_RULE, Timestamp.from(restrictedBefore)));
            for (Marked m : marked) {
                Reviews.notice(jdbc, m.originator(), m.id().toString(), m.caseReference(),
                        Reviews.NoticeKind.ERASED_AFTER_GRACE);
            }
        });
        if (marked.isEmpty()) {
            return 0;
        }
        audit.recordAll(marked.stream().map(m -> AuditEvent.system(GRACE_RULE, AuditAction.ERASE)
                .reports(List.of(m.id().toString())).recipient(m.originator()).rule("REVIEW_GRACE_PERIOD_PASSED")
                .detail(m.tombstone()).outcome(AuditOutcome.OK)).toList());
        for (Marked m : marked) {
            shredQuietly(m.id());
        }
        log.info("erased {} reports whose deadline restriction outlived the grace period", marked.size());
        return marked.size();
    }
}

package de.verbund.ingest.lifecycle;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import de.verbund.access.label.LabelInvalid;
import de.verbund.access.label.Labels;
import de.verbund.access.policy.ReportAccessView;
import de.verbund.access.policy.ReportId;
import de.verbund.access.subject.Role;
import de.verbund.access.subject.Subject;
import de.verbund.audit.AuditAction;
import de.verbund.audit.AuditEvent;
import de.verbund.audit.AuditOutcome;
import de.verbund.audit.AuditTrail;
import de.verbund.ingest.submit.ReportStore;
import de.verbund.problem.ProblemType;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Correction of a report's labels by its originator's submitters and approvers (lifecycle issue): classification up
 * or down, releasability, handling code and note, disclosure, phenomenon area, review date and persons concerned
 * (the review date within the maximum they allow, counted from today). The corrected labels are validated as a
 * submission's are; the row in PostgreSQL changes in one transaction with an outbox entry, so reads, downloads and
 * related reports follow at once (the read gate checks PostgreSQL) and search, facets and the selector check as soon
 * as the outbox re-indexed the report — a narrower release closes reads before the index has caught up. Every
 * correction is audited with the old and the new value of each changed label and the reason; a refusal too.
 */
@Service
public class Corrections {

    /** A label a correction may change: its submission name and its value in the submission's form. */
    private record Correctable(String name, java.util.function.Function<Labels, @Nullable Object> value) {}

    /** In the order the audit detail names them; file number, title and collection stay as submitted. */
    private static final List<Correctable> FIELDS = List.of(
            new Correctable("classification", l -> l.classification().label()),
            new Correctable("disclosure", l -> l.disclosure().name()),
            new Correctable("handlingCode", l -> l.handlingCode().name()),
            new Correctable("handlingNote", Labels::handlingNote),
            new Correctable("personsConcerned", l -> l.personsConcerned().name()),
            new Correctable("phenomenonArea", l -> l.phenomenonArea().name()),
            new Correctable("releasableTo", l -> new ArrayList<>(l.releasableTo())),
            new Correctable("reviewBy", l -> l.reviewBy().toString()));

    /** The names of the labels a correction may change. */
    public static final Set<String> CORRECTABLE = FIELDS.stream().map(Correctable::name)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final ReportStore store;

    Corrections(JdbcTemplate jdbc, TransactionTemplate tx, AuditTrail audit, ReportStore store) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.store = store;
    }

    /** The report's labels after the correction, and what changed. */
    public record Corrected(String id, Labels labels, List<String> changed) {}

    /**
     * @param changes the labels to change, by their submission names; the others stay
     * @throws LabelInvalid for a label that may not be corrected or a value a submission could not have
     */
    public Corrected correct(Subject subject, String reportId, Map<String, ?> changes, @Nullable String reason) {
        if (!subject.has(Role.SUBMITTER) && !subject.has(Role.APPROVER)) {
            audit.record(AuditEvent.by(subject, AuditAction.CORRECT).rule("SUBMITTER_OR_APPROVER").outcome(AuditOutcome.DENIED));
            throw new LifecycleRejected(ProblemType.FORBIDDEN, "Only the originator's submitters and approvers correct reports.");
        }
        Optional<ReportAccessView> view = Restrictions.uuid(reportId).flatMap(id -> store.findView(new ReportId(id)))
                .filter(v -> !v.erased() && v.labels().originator().equals(subject.authority()));
        if (view.isEmpty()) {
            audit.record(AuditEvent.by(subject, AuditAction.CORRECT).rule("NOT_OWN_REPORT").outcome(AuditOutcome.NOT_FOUND));
            throw LifecycleRejected.notFound();
        }
        ReportId id = view.get().id();
        Labels before = view.get().labels();
        Approvers.requireReason(audit, subject, AuditAction.CORRECT, id, reason);
        Labels after;
        try {
            for (String name : changes.keySet()) {
                if (!CORRECTABLE.contains(name)) {
                    throw new LabelInvalid(name, Labels.SUBMITTED_NAMES.contains(name) || name.equals("personsConcerned")
                            ? "cannot be corrected (correctable: " + new java.util.TreeSet<>(CORRECTABLE) + ")"
                            : "unknown label");
                }
            }
            Map<String, Object> merged = submitted(before);
            merged.putAll(changes);
            after = Labels.fromSubmission(merged, before.originator(), LocalDate.now(Reviews.ZONE));
        } catch (LabelInvalid e) {
            audit.record(AuditEvent.by(subject, AuditAction.CORRECT).report(id).rule("LABEL_INVALID")
                    .outcome(AuditOutcome.REJECTED));
            throw e;
        }
        List<String> changed = changes(before, after);
        if (changed.isEmpty()) {
            audit.record(AuditEvent.by(subject, AuditAction.CORRECT).report(id).rule("NOTHING_CHANGED")
                    .outcome(AuditOutcome.REJECTED));
            throw new LifecycleRejected(ProblemType.INVALID_DECISION, "The correction changes no label.");
        }
        Labels corrected = after;
        tx.executeWithoutResult(status -> {
            jdbc.update(con -> {
                var ps = con.prepareStatement("""
                        UPDATE report SET classification = ?, releasable_to = ?, handling_code = ?, handling_note = ?,
                               disclosure = ?, phenomenon_area = ?, review_by = ?, persons_concerned = ?
                        WHERE id = ? AND erased_at IS NULL""");
                ps.setString(1, corrected.classification().label());
                ps.setArray(2, con.createArrayOf("text", corrected.releasableTo().toArray()));
                ps.setString(3, corrected.handlingCode().name());
                ps.setString(4, corrected.handlingNote());
                ps.setString(5, corrected.disclosure().name());
                ps.setString(6, corrected.phenomenonArea().name());
                ps.setObject(7, corrected.reviewBy());
                ps.setString(8, corrected.personsConcerned().name());
                ps.setObject(9, id.value());
                return ps;
            });
            jdbc.update("INSERT INTO index_outbox (report_id, action) VALUES (?, 'INDEX')", id.value());
        });
        audit.record(AuditEvent.by(subject, AuditAction.CORRECT).purpose(reason, null).report(id)
                .rule("ORIGINATOR_" + (subject.has(Role.APPROVER) ? "APPROVER" : "SUBMITTER"))
                .detail(String.join("; ", changed)).outcome(AuditOutcome.OK));
        return new Corrected(id.toString(), corrected, changed.stream().map(c -> c.substring(0, c.indexOf(' '))).toList());
    }

    /**
     * The stored labels by their submission names — what a submission would have sent — so that the corrected
     * labels go through the submission's own validation ({@link Labels#fromSubmission}, which reads that raw form).
     */
    static Map<String, Object> submitted(Labels labels) {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("caseReference", labels.caseReference());
        raw.put("title", labels.title());
        raw.put("phenomenonArea", labels.phenomenonArea().name());
        raw.put("classification", labels.classification().label());
        raw.put("releasableTo", new ArrayList<>(labels.releasableTo()));
        raw.put("handlingCode", labels.handlingCode().name());
        if (labels.handlingNote() != null) {
            raw.put("handlingNote", labels.handlingNote());
        }
        raw.put("disclosure", labels.disclosure().name());
        raw.put("collection", labels.collection().name());
        raw.put("reviewBy", labels.reviewBy().toString());
        raw.put("personsConcerned", labels.personsConcerned().name());
        return raw;
    }

    /** {@code name old -> new} for every correctable label that differs. */
    static List<String> changes(Labels before, Labels after) {
        List<String> changed = new ArrayList<>();
        for (Correctable field : FIELDS) {
            Object old = field.value().apply(before);
            Object now = field.value().apply(after);
            if (!java.util.Objects.equals(old, now)) {
                changed.add(field.name() + " " + old + " -> " + now);
            }
        }
        return changed;
    }
}

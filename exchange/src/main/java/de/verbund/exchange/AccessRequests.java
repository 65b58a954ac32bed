package de.verbund.exchange;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import de.verbund.audit.AuditAction;
import de.verbund.audit.AuditEvent;
import de.verbund.audit.AuditOutcome;
import de.verbund.audit.Purpose;
import de.verbund.audit.AuditTrail;
import de.verbund.access.grant.Grant;
import de.verbund.access.grant.GrantStore;
import de.verbund.access.policy.ReportId;
import de.verbund.access.subject.Subject;
import de.verbund.problem.FreeText;
import de.verbund.problem.ProblemType;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Access requests on a selector check's reference (docs/brief.md "Selector check", need-to-know rule "grants"). The requester
 * must be the analyst the reference was issued to; approvers of the originator decide. A grant goes through
 * {@link GrantStore}, so the need-to-know rule applies it on the next request — clearance still applies — and a
 * revocation closes it on the next request. Requests that do not exist for the caller (unknown, issued to someone
 * else, of another authority's queue, all reports erased) all answer with the same {@link ExchangeRejected#notFound()}.
 */
@Service
public class AccessRequests {

    /** The life of a request: PENDING until the originator decides; a grant can later be revoked. */
    public enum State {
        PENDING, GRANTED, DENIED, REVOKED;

        /** The state after a decision; only a pending request can be decided. */
        public State decided(RequestDecision decision) {
            if (this != PENDING) {
                throw new ExchangeRejected(ProblemType.ALREADY_DECIDED, "This request was already decided (" + this + ").");
            }
            return decision instanceof RequestDecision.Granting ? GRANTED : DENIED;
        }

        /** The state after a revocation; only a granted request can be revoked. */
        public State revoked() {
            if (this != GRANTED) {
                throw new ExchangeRejected(ProblemType.NOT_GRANTED, "Only a granted request can be revoked (it is " + this + ").");
            }
            return REVOKED;
        }
    }

    private final JdbcTemplate jdbc;
    private final GrantStore grants;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final ExchangeProperties properties;
    private final Clock clock;

    AccessRequests(JdbcTemplate jdbc, GrantStore grants, AuditTrail audit, TransactionTemplate tx,
                   ExchangeProperties properties) {
        this.jdbc = jdbc;
        this.grants = grants;
        this.audit = audit;
        this.tx = tx;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    /** A report behind a request, as its own authority's approver sees it: labels to identify it, no content. */
    public record ReportRef(String id, @Nullable String caseReference, @Nullable String classification,
                            String handlingCode, @Nullable String submittedAt) {}

    /**
     * One request. {@code reports} is filled for the originator's approver, and for the requester once granted;
     * requester fields only for the approver.
     */
    public record View(String id, String reference, String originator, String selector, State state, String createdAt,
                       String deadline, boolean overdue, @Nullable String requesterName,
                       @Nullable String requesterAuthority, String purpose, String caseReference,
                       @Nullable String justification, @Nullable String decidedAt, @Nullable String decisionReason,
                       @Nullable String granteeType, @Nullable String validUntil, @Nullable List<ReportRef> reports) {}

    public record Notification(String id, String selector, String askerAuthority, String purpose, String caseReference,
                               String createdAt) {}

    private record Row(UUID id, String reference, String originator, String selector, State state, Instant createdAt,
                       String requesterId, String requesterName, String requesterAuthority, String purpose,
                       String caseReference, @Nullable String justification, @Nullable Instant decidedAt,
                       @Nullable String decisionReason, @Nullable String granteeType, @Nullable Instant validUntil,
                       List<UUID> reportIds) {}

    /**
     * The reports a reference {@code r} stands for: the originator's live reports that held the selector at or below
     * the asker's clearance when the check ran; a restricted report stands for nothing (nobody may be granted it).
     */
    private static final String REPORTS_BEHIND = """
            ARRAY(SELECT p.id FROM report p
                  WHERE p.originator = r.originator AND p.selectors @> ARRAY[r.selector] AND p.erased_at IS NULL
                    AND p.restricted_at IS NULL AND p.submitted_at <= r.created_at
                    AND array_position(ARRAY['OFFEN','VS-NFD','VS-VERTRAULICH','GEHEIM'], p.classification) - 1 <= r.max_level
                  ORDER BY p.id LIMIT 100)""";

    private static final String SELECT = """
            SELECT q.id, q.reference, q.originator, r.selector, q.state, q.created_at, q.requester_id, q.requester_name,
                   q.requester_authority, q.purpose, q.case_reference, q.justification, q.decided_at, q.decision_reason,
                   q.grantee_type, q.valid_until, """ + REPORTS_BEHIND + """

            FROM access_request q JOIN selector_reference r ON r.reference = q.reference
            """;

    public View request(Subject requester, @Nullable String reference, Purpose purpose,
                        @Nullable String justification) {
        if (justification != null && justification.length() > 2000) {
            throw new ExchangeRejected(ProblemType.INVALID_REQUEST, "'justification' is limited to 2000 characters.");
        }
        if (justification != null && !FreeText.isCleanMultiline(justification)) {
            throw new ExchangeRejected(ProblemType.INVALID_REQUEST, "'justification' must not contain control characters.");
        }
        record Ref(String selector, String originator, List<UUID> reports) {}
        List<Ref> refs = reference == null || reference.length() > 64 ? List.of() : jdbc.query("""
                SELECT r.selector, r.originator, """ + REPORTS_BEHIND + """

                FROM selector_reference r WHERE r.reference = ? AND r.asker_id = ?""",
                (rs, n) -> new Ref(rs.getString(1), rs.getString(2), uuids(rs.getArray(3))), reference, requester.userId());
        List<UUID> live = refs.isEmpty() ? List.of() : refs.getFirst().reports();
        if (live.isEmpty()) {
            audit.record(AuditEvent.by(requester, AuditAction.ACCESS_REQUEST).purpose(purpose)
                    .rule("UNKNOWN_REFERENCE").outcome(AuditOutcome.NOT_FOUND));
            throw ExchangeRejected.notFound();
        }
        Ref ref = refs.getFirst();
        UUID id = UUID.randomUUID();
        try {
            jdbc.update("""
                    INSERT INTO access_request (id, reference, originator, requester_id, requester_name, requester_authority,
                                                purpose, case_reference, justification, created_at)
                    VALUES (?,?,?,?,?,?,?,?,?,?)""", id, reference, ref.originator(), requester.userId(), requester.userName(),
                    requester.authority().code(), purpose.purpose(), purpose.caseReference(), justification,
                    Timestamp.from(clock.instant()));
        } catch (DuplicateKeyException e) {
            audit.record(AuditEvent.by(requester, AuditAction.ACCESS_REQUEST).purpose(purpose)
                    .reports(strings(live)).rule("ONE_OPEN_REQUEST").detail("reference=" + reference)
                    .outcome(AuditOutcome.REJECTED));
            throw new ExchangeRejected(ProblemType.REQUEST_PENDING,
                    "You already have an undecided request on this reference.");
        }
        audit.record(AuditEvent.by(requester, AuditAction.ACCESS_REQUEST).purpose(purpose)
                .reports(strings(live)).rule("REQUEST").detail("reference=" + reference + "; selector=" + ref.selector())
                .recipient(ref.originator()).outcome(AuditOutcome.OK));
        return view(find(id).orElseThrow(), false);
    }

    /** The requester's own requests, newest first. */
    public List<View> own(Subject requester) {
        List<View> views = jdbc.query(SELECT + " WHERE q.requester_id = ? ORDER BY q.created_at DESC LIMIT 500",
                this::row, requester.userId()).stream().map(r -> view(r, false)).toList();
        audit.record(AuditEvent.by(requester, AuditAction.ACCESS_REQUEST_LIST).rule("OWN_REQUESTS")
                .detail("requests=" + views.size()).outcome(AuditOutcome.OK));
        return views;
    }

    /** The queue of the approver's authority: undecided first (oldest first), then the latest decisions. */
    public List<View> queue(Subject approver, @Nullable String stateFilter) {
        Optional<State> state = stateFilter == null ? Optional.empty() : parseState(stateFilter);
        List<Row> rows = jdbc.query(SELECT + """
                 WHERE q.originator = ? AND (?::text IS NULL OR q.state = ?)
                ORDER BY (q.state = 'PENDING') DESC, CASE WHEN q.state = 'PENDING' THEN q.created_at END ASC,
                         q.created_at DESC LIMIT 500""", this::row, approver.authority().code(),
                state.map(Enum::name).orElse(null), state.map(Enum::name).orElse(null));
        List<View> views = rows.stream().map(r -> view(r, true)).toList();
        audit.record(AuditEvent.by(approver, AuditAction.ACCESS_REQUEST_LIST)
                .reports(rows.stream().flatMap(r -> r.reportIds().stream()).map(UUID::toString).distinct().toList())
                .rule("ORIGINATOR_QUEUE").detail("requests=" + views.size()).outcome(AuditOutcome.OK));
        return views;
    }

    public View decide(Subject approver, String requestId, @Nullable String decision, @Nullable String granteeType,
                       @Nullable String validUntil, @Nullable String reason) {
        Row row = ownQueue(approver, requestId, AuditAction.ACCESS_DECISION);
        RequestDecision parsed = RequestDecision.parse(decision, granteeType, validUntil, reason, LocalDate.now(clock),
                properties.maxGrantDays());
        State next;
        try {
            next = row.state().decided(parsed);
        } catch (ExchangeRejected e) {
            audit.record(AuditEvent.by(approver, AuditAction.ACCESS_DECISION).reports(strings(row.reportIds()))
                    .rule("ALREADY_DECIDED").detail("request=" + requestId).outcome(AuditOutcome.REJECTED));
            throw e;
        }
        boolean grant = parsed instanceof RequestDecision.Granting;
        Grant.Grantee grantee = parsed instanceof RequestDecision.Granting g ? g.grantee() : null;
        Instant until = parsed instanceof RequestDecision.Granting g ? g.until() : null;
        List<UUID> live = row.reportIds();
        Grant.Grantee g = grantee;
        Instant u = until;
        String granteeId = g == Grant.Grantee.AUTHORITY ? row.requesterAuthority() : row.requesterId();
        Instant now = clock.instant();
        boolean decided = Boolean.TRUE.equals(tx.execute(status -> {
            int updated = jdbc.update("""
                    UPDATE access_request SET state = ?, decided_at = ?, decided_by = ?, decision_reason = ?,
                                              grantee_type = ?, valid_until = ?
                    WHERE id = ? AND state = 'PENDING'""", next.name(), Timestamp.from(now),
                    approver.userId(), reason, g == null ? null : g.name(), u == null ? null : Timestamp.from(u), row.id());
            if (updated != 1) {
                return false;
            }
            if (grant) {
                for (UUID report : live) {
                    grants.grant(new ReportId(report), g, granteeId, approver, reason, u, row.id());
                }
            }
            return true;
        }));
        if (!decided) {
            throw new ExchangeRejected(ProblemType.ALREADY_DECIDED, "This request was already decided.");
        }
        audit.record(AuditEvent.by(approver, grant ? AuditAction.ACCESS_GRANT : AuditAction.ACCESS_DENY)
                .purpose(row.purpose(), row.caseReference()).reports(strings(grant ? live : row.reportIds()))
                .rule(grant ? "GRANT_BY_ORIGINATOR" : "DENY_BY_ORIGINATOR")
                .detail("request=" + requestId + (grant ? "; grantee=" + g + "; until=" + validUntil : ""))
                .recipient(grant ? granteeId : row.requesterId()).outcome(AuditOutcome.OK));
        return view(find(row.id()).orElseThrow(), true);
    }

    public View revoke(Subject approver, String requestId, @Nullable String reason) {
        Row row = ownQueue(approver, requestId, AuditAction.ACCESS_REVOKE);
        if (!FreeText.isReason(reason)) {
            throw new ExchangeRejected(ProblemType.INVALID_DECISION, "A revocation needs a 'reason' (up to "
                    + RequestDecision.MAX_REASON + " characters, no control characters).");
        }
        State next = row.state().revoked();
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> {
            jdbc.update("UPDATE access_request SET state = ?, revoked_at = ?, revoked_by = ? WHERE id = ?",
                    next.name(), Timestamp.from(now), approver.userId(), row.id());
            grants.revokeForRequest(row.id(), approver);
        });
        audit.record(AuditEvent.by(approver, AuditAction.ACCESS_REVOKE).purpose(row.purpose(), row.caseReference())
                .reports(strings(row.reportIds())).rule("REVOKE_BY_ORIGINATOR")
                .detail("request=" + requestId + "; reason given").outcome(AuditOutcome.OK));
        return view(find(row.id()).orElseThrow(), true);
    }

    /** Who asked about selectors of the approver's authority in reports above their clearance. */
    public List<Notification> notifications(Subject approver) {
        List<Notification> list = jdbc.query("""
                SELECT id, selector, asker_authority, purpose, case_reference, created_at FROM originator_notification
                WHERE originator = ? ORDER BY created_at DESC LIMIT 500""",
                (rs, n) -> new Notification(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getTimestamp(6).toInstant().toString()), approver.authority().code());
        audit.record(AuditEvent.by(approver, AuditAction.NOTIFICATION_LIST).rule("ORIGINATOR_NOTIFICATIONS")
                .detail("notifications=" + list.size()).outcome(AuditOutcome.OK));
        return list;
    }

    private Row ownQueue(Subject approver, String requestId, AuditAction action) {
        Optional<Row> row = parseUuid(requestId).flatMap(this::find)
                .filter(r -> r.originator().equals(approver.authority().code()));
        if (row.isEmpty()) {
            audit.record(AuditEvent.by(approver, action).rule("NOT_IN_OWN_QUEUE").outcome(AuditOutcome.NOT_FOUND));
            throw ExchangeRejected.notFound();
        }
        return row.get();
    }

    private Optional<Row> find(UUID id) {
        return jdbc.query(SELECT + " WHERE q.id = ?", this::row, id).stream().findFirst();
    }

    private View view(Row r, boolean forApprover) {
        Instant deadline = r.createdAt().plus(properties.decisionDeadline());
        boolean overdue = r.state() == State.PENDING && clock.instant().isAfter(deadline);
        List<ReportRef> reports = null;
        if (forApprover) {
            reports = reportRefs(r.reportIds());
        } else if (r.state() == State.GRANTED) {
            reports = reportRefs(r.reportIds()).stream()
                    .map(x -> new ReportRef(x.id(), null, null, x.handlingCode(), null)).toList();
        }
        return new View(r.id().toString(), r.reference(), r.originator(), r.selector(), r.state(), r.createdAt().toString(),
                deadline.toString(), overdue, forApprover ? r.requesterName() : null,
                forApprover ? r.requesterAuthority() : null, r.purpose(), r.caseReference(), r.justification(),
                r.decidedAt() == null ? null : r.decidedAt().toString(), r.decisionReason(), r.granteeType(),
                r.validUntil() == null ? null : r.validUntil().toString(), reports);
    }

    private List<ReportRef> reportRefs(List<UUID> ids) {
        return jdbc.query("""
                SELECT id, case_reference, classification, handling_code, submitted_at FROM report
                WHERE id = ANY(?::uuid[]) AND erased_at IS NULL AND restricted_at IS NULL ORDER BY id""",
                (rs, n) -> new ReportRef(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant().toString()), "{" + String.join(",", strings(ids)) + "}");
    }

    private Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                State.valueOf(rs.getString(5)), rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getString(8),
                rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), instant(rs.getTimestamp(13)),
                rs.getString(14), rs.getString(15), instant(rs.getTimestamp(16)), uuids(rs.getArray(17)));
    }

    private static @Nullable Instant instant(@Nullable Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static List<UUID> uuids(Array array) throws SQLException {
        return Arrays.stream((Object[]) array.getArray()).map(o -> (UUID) o).toList();
    }

    private static List<String> strings(List<UUID> ids) {
        return ids.stream().map(UUID::toString).toList();
    }

    private static Optional<UUID> parseUuid(String value) {
        try {
            return value.length() == 36 ? Optional.of(UUID.fromString(value)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<State> parseState(String value) {
        try {
            return Optional.of(State.valueOf(value.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new ExchangeRejected(ProblemType.INVALID_REQUEST, "'state' is one of " + Arrays.toString(State.values()) + ".");
        }
    }

}

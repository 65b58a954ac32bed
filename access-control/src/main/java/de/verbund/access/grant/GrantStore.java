package de.verbund.access.grant;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import de.verbund.access.policy.ReportId;
import de.verbund.access.subject.Subject;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Grants in PostgreSQL. {@link #activeFor} is read on every request, so expiry and revocation take effect on the
 * next request, with no cache to outlive them.
 */
@Repository
public class GrantStore {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    GrantStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.clock = Clock.systemUTC();
    }

    /** Reports for which an unrevoked, unexpired grant covers the subject (as user or through its authority). */
    public Set<ReportId> activeFor(Subject subject) {
        return jdbc.queryForList("""
                SELECT report_id FROM access_grant
                WHERE revoked_at IS NULL AND valid_until > ?
                  AND ((grantee_type = 'USER' AND grantee = ?) OR (grantee_type = 'AUTHORITY' AND grantee = ?))""",
                UUID.class, Timestamp.from(clock.instant()), subject.userId(), subject.authority().code())
                .stream().map(ReportId::new).collect(Collectors.toUnmodifiableSet());
    }

    public Grant grant(ReportId report, Grant.Grantee type, String grantee, Subject approver, String reason,
                       Instant validUntil, @Nullable UUID requestId) {
        Grant grant = new Grant(UUID.randomUUID(), report, type, grantee, approver.userId(), approver.authority(), reason,
                validUntil, clock.instant(), null);
        jdbc.update("""
                INSERT INTO access_grant (id, report_id, grantee_type, grantee, granted_by, granted_by_authority, reason,
                                          valid_until, created_at, request_id)
                VALUES (?,?,?,?,?,?,?,?,?,?)""", grant.id(), report.value(), type.name(), grantee, approver.userId(),
                approver.authority().code(), reason, Timestamp.from(validUntil), Timestamp.from(grant.createdAt()), requestId);
        return grant;
    }

    /** @return true when an active grant was revoked now */
    public boolean revoke(UUID grantId, Subject approver) {
        return jdbc.update("UPDATE access_grant SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL",
                Timestamp.from(clock.instant()), approver.userId(), grantId) == 1;
    }

    /** Revokes every active grant given on one access request; @return how many */
    public int revokeForRequest(UUID requestId, Subject approver) {
        return jdbc.update("UPDATE access_grant SET revoked_at = ?, revoked_by = ? WHERE request_id = ? AND revoked_at IS NULL",
                Timestamp.from(clock.instant()), approver.userId(), requestId);
    }
}

package de.verbund.access.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Appends audit records to PostgreSQL, synchronously: {@link #record} returns only after the commit, and throws
 * {@link AuditWriteFailed} otherwise. The application's database role may only INSERT and SELECT; a trigger
 * refuses UPDATE and DELETE for everybody.
 */
@Component
public class AuditTrail {

    private final JdbcTemplate jdbc;
    private final Clock clock = Clock.systemUTC();

    AuditTrail(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes the record durably (autocommit, synchronous commit) before returning. */
    public UUID record(AuditEvent event) {
        UUID id = UUID.randomUUID();
        try {
            jdbc.update(con -> {
                var ps = con.prepareStatement("""
                        INSERT INTO audit_event (id, at, actor_id, actor_name, actor_authority, actor_roles, action,
                          purpose, case_reference, reports, recipient, outcome, rule, detail)
                        VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)""");
                int i = 1;
                ps.setObject(i++, id);
                ps.setTimestamp(i++, Timestamp.from(clock.instant()));
                ps.setString(i++, event.actorId());
                ps.setString(i++, event.actorName());
                ps.setString(i++, event.actorAuthority());
                ps.setArray(i++, con.createArrayOf("text", event.actorRoles().toArray()));
                ps.setString(i++, event.action());
                ps.setString(i++, event.purpose());
                ps.setString(i++, event.caseReference());
                ps.setArray(i++, con.createArrayOf("text", event.reports().toArray()));
                ps.setString(i++, event.recipient());
                ps.setString(i++, event.outcome());
                ps.setString(i++, event.rule());
                ps.setString(i, event.detail());
                return ps;
            });
        } catch (DataAccessException e) {
            throw new AuditWriteFailed(e);
        }
        return id;
    }

    /** Events that name the given report, newest first (oversight: "who saw report X"). */
    public List<Map<String, Object>> eventsForReport(String reportId, int limit) {
        return jdbc.queryForList("""
                SELECT at, actor_id, actor_name, actor_authority, action, purpose, case_reference, outcome, rule
                FROM audit_event WHERE ? = ANY (reports) ORDER BY seq DESC LIMIT ?""", reportId, limit);
    }

    /** Events of one actor, newest first (oversight: "what did user Y do"). */
    public List<Map<String, Object>> eventsForActor(String actorId, int limit) {
        return jdbc.queryForList("""
                SELECT at, actor_id, actor_name, actor_authority, action, purpose, case_reference, reports, outcome, rule
                FROM audit_event WHERE actor_id = ? ORDER BY seq DESC LIMIT ?""", actorId, limit);
    }
}

package de.verbund.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The canonical form of an audit record: JSON with a fixed key order, no whitespace, strings escaped per RFC 8259,
 * the time in UTC with microseconds. Its SHA-256 leaf hash goes into the Merkle tree; the verifier recomputes it.
 */
final class Canonical {

    private Canonical() {
    }

    static String of(UUID id, Instant at, AuditEvent e) {
        return of(id, at, e.actorId(), e.actorName(), e.actorAuthority(), e.actorRoles(), e.action().name(), e.purpose(),
                e.caseReference(), e.reports(), e.recipient(), e.outcome().name(), e.rule(), e.detail());
    }

    /** The canonical form of a stored row (for records written before the column existed). */
    static String ofRow(java.sql.ResultSet rs) throws java.sql.SQLException {
        return of(rs.getObject("id", UUID.class), rs.getTimestamp("at").toInstant(), rs.getString("actor_id"),
                rs.getString("actor_name"), rs.getString("actor_authority"),
                List.of((String[]) rs.getArray("actor_roles").getArray()), rs.getString("action"), rs.getString("purpose"),
                rs.getString("case_reference"), List.of((String[]) rs.getArray("reports").getArray()),
                rs.getString("recipient"), rs.getString("outcome"), rs.getString("rule"), rs.getString("detail"));
    }

    private static String of(UUID id, Instant at, String actorId, String actorName, @Nullable String actorAuthority,
                             List<String> actorRoles, String action, @Nullable String purpose,
                             @Nullable String caseReference, List<String> reports, @Nullable String recipient,
                             String outcome, @Nullable String rule, @Nullable String detail) {
        StringBuilder b = new StringBuilder(256).append('{');
        field(b, "id", id.toString()).append(',');
        field(b, "at", at.truncatedTo(ChronoUnit.MICROS).toString()).append(',');
        field(b, "actorId", actorId).append(',');
        field(b, "actorName", actorName).append(',');
        field(b, "actorAuthority", actorAuthority).append(',');
        list(b, "actorRoles", actorRoles).append(',');
        field(b, "action", action).append(',');
        field(b, "purpose", purpose).append(',');
        field(b, "caseReference", caseReference).append(',');
        list(b, "reports", reports).append(',');
        field(b, "recipient", recipient).append(',');
        field(b, "outcome", outcome).append(',');
        field(b, "rule", rule).append(',');
        field(b, "detail", detail);
        return b.append('}').toString();
    }

    private static StringBuilder field(StringBuilder b, String name, @Nullable String value) {
        b.append('"').append(name).append("\":");
        return value == null ? b.append("null") : string(b, value);
    }

    private static StringBuilder list(StringBuilder b, String name, List<String> values) {
        b.append('"').append(name).append("\":[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            string(b, values.get(i));
        }
        return b.append(']');
    }

    /** A JSON string literal (RFC 8259 escaping), shared with the export. */
    static String quote(@Nullable String s) {
        return s == null ? "null" : string(new StringBuilder(s.length() + 2), s).toString();
    }

    private static StringBuilder string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }
}

package de.verbund.access.audit;

import java.io.IOException;
import java.io.Writer;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The read side of the audit trail for oversight: filtered events, ready answers ("who saw report X", "what did
 * user Y do", consultations per authority and month), unusual-access queries, checkpoints, proofs and the export.
 * Nothing here returns report content; events hold ids, labels of the action and the caller's stated purpose.
 */
@Component
public class AuditLog {

    private final JdbcTemplate jdbc;
    private final AuditKeys keys;

    AuditLog(JdbcTemplate jdbc, AuditKeys keys) {
        this.jdbc = jdbc;
        this.keys = keys;
    }

    /** Filter of the events query; null fields do not filter. */
    public record Filter(@Nullable String actor, @Nullable String authority, @Nullable String action,
                         @Nullable String report, @Nullable String caseReference, @Nullable Instant from,
                         @Nullable Instant to) {}

    /** JSON-friendly rows: SQL arrays as lists, timestamps as ISO instants. */
    static List<Map<String, Object>> clean(List<Map<String, Object>> rows) {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            Map<String, Object> copy = new java.util.LinkedHashMap<>();
            row.forEach((k, v) -> {
                try {
                    if (v instanceof java.sql.Array a) {
                        v = List.of((Object[]) a.getArray());
                    } else if (v instanceof Timestamp t) {
                        v = t.toInstant().toString();
                    }
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
                copy.put(k, v);
            });
            out.add(copy);
        }
        return out;
    }

    public List<Map<String, Object>> events(Filter f, long afterSeq, int limit) {
        StringBuilder sql = new StringBuilder("""
                SELECT e.seq, e.id, e.at, e.actor_id, e.actor_name, e.actor_authority, e.actor_roles, e.action, e.purpose,
                       e.case_reference, e.reports, e.recipient, e.outcome, e.rule, e.detail, l.position
                FROM audit_event e LEFT JOIN audit_leaf l ON l.seq = e.seq WHERE e.seq > ?""");
        List<Object> args = new ArrayList<>(List.of(afterSeq));
        where(f, sql, args);
        sql.append(" ORDER BY e.seq LIMIT ?");
        args.add(limit);
        return clean(jdbc.queryForList(sql.toString(), args.toArray()));
    }

    private static void where(Filter f, StringBuilder sql, List<Object> args) {
        if (f.actor() != null) {
            sql.append(" AND (e.actor_id = ? OR e.actor_name = ?)");
            args.add(f.actor());
            args.add(f.actor());
        }
        if (f.authority() != null) {
            sql.append(" AND e.actor_authority = ?");
            args.add(f.authority());
        }
        if (f.action() != null) {
            sql.append(" AND e.action = ?");
            args.add(f.action());
        }
        if (f.report() != null) {
            sql.append(" AND ? = ANY (e.reports)");
            args.add(f.report());
        }
        if (f.caseReference() != null) {
            sql.append(" AND e.case_reference = ?");
            args.add(f.caseReference());
        }
        if (f.from() != null) {
            sql.append(" AND e.at >= ?");
            args.add(Timestamp.from(f.from()));
        }
        if (f.to() != null) {
            sql.append(" AND e.at < ?");
            args.add(Timestamp.from(f.to()));
        }
    }

    /** "Who saw report X": consultations (search hits, reads, downloads, related) that returned it. */
    public List<Map<String, Object>> whoSaw(String reportId) {
        return clean(jdbc.queryForList("""
                SELECT at, actor_id, actor_name, actor_authority, action, purpose, case_reference, rule
                FROM audit_event WHERE ? = ANY (reports) AND outcome = 'OK'
                  AND action IN ('SEARCH','READ','DOWNLOAD','RELATED','SELECTOR_CHECK')
                ORDER BY seq""", reportId));
    }

    /** Consultations per authority and month, with the originators consulted ("which authority consulted which"). */
    public List<Map<String, Object>> consultationsPerAuthority() {
        return jdbc.queryForList("""
                SELECT to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, e.actor_authority AS consulting,
                       r.originator AS consulted, e.action, count(*) AS consultations
                FROM audit_event e CROSS JOIN LATERAL unnest(e.reports) AS rid
                JOIN report r ON r.id::text = rid
                WHERE e.outcome = 'OK' AND e.action IN ('SEARCH','READ','DOWNLOAD','RELATED')
                GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4""").stream().toList();
    }

    /**
     * Unusual access: many reads or selector checks by one user within a window; reads under a case reference the
     * user never used before that day; consultations outside working hours (Europe/Berlin).
     */
    public Map<String, List<Map<String, Object>>> anomalies(Instant from, Instant to, int maxPerWindow, int windowMinutes,
                                                            LocalTime workStart, LocalTime workEnd) {
        List<Map<String, Object>> bursts = jdbc.queryForList("""
                SELECT actor_id, actor_name, actor_authority, date_bin(make_interval(mins => ?), at, timestamptz '2000-01-01') AS window_start,
                       count(*) AS consultations
                FROM audit_event WHERE at >= ? AND at < ? AND action IN ('READ','DOWNLOAD','SELECTOR_CHECK')
                GROUP BY 1, 2, 3, 4 HAVING count(*) > ? ORDER BY 5 DESC""",
                windowMinutes, Timestamp.from(from), Timestamp.from(to), maxPerWindow);
        List<Map<String, Object>> newCases = jdbc.queryForList("""
                SELECT e.actor_id, e.actor_name, e.case_reference, min(e.at) AS first_use, count(*) AS reads
                FROM audit_event e
                WHERE e.at >= ? AND e.at < ? AND e.action IN ('READ','DOWNLOAD') AND e.case_reference IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM audit_event p WHERE p.actor_id = e.actor_id
                                  AND p.case_reference = e.case_reference AND p.at < date_trunc('day', e.at))
                GROUP BY 1, 2, 3 ORDER BY 4""", Timestamp.from(from), Timestamp.from(to));
        List<Map<String, Object>> offHours = jdbc.queryForList("""
                SELECT actor_id, actor_name, actor_authority, at, action, case_reference
                FROM audit_event
                WHERE at >= ? AND at < ? AND action IN ('SEARCH','READ','DOWNLOAD','SELECTOR_CHECK')
                  AND ((at AT TIME ZONE ?)::time < ? OR (at AT TIME ZONE ?)::time >= ?
                       OR extract(isodow FROM at AT TIME ZONE ?) >= 6)
                ORDER BY at""", Timestamp.from(from), Timestamp.from(to), ZONE.getId(), workStart, ZONE.getId(), workEnd,
                ZONE.getId());
        return Map.of("bursts", clean(bursts), "newCaseReferences", clean(newCases), "outsideWorkingHours", clean(offHours));
    }

    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    public List<Map<String, Object>> checkpoints() {
        return clean(jdbc.queryForList("SELECT tree_size, note, created_at FROM audit_checkpoint ORDER BY tree_size"));
    }

    public Optional<Map<String, Object>> latestCheckpoint() {
        return jdbc.queryForList("SELECT tree_size, note, created_at FROM audit_checkpoint ORDER BY tree_size DESC LIMIT 1")
                .stream().findFirst();
    }

    List<byte[]> leaves(long upTo) {
        return jdbc.queryForList("SELECT leaf_hash FROM audit_leaf WHERE position < ? ORDER BY position", byte[].class, upTo);
    }

    /** Consistency proof between two checkpoint sizes, base64 hashes. */
    public List<String> consistencyProof(long from, long to) {
        MerkleIndex index = new MerkleIndex(leaves(to));
        if (from < 1 || to > index.size() || from > to) {
            throw new IllegalArgumentException("no such tree sizes");
        }
        return index.consistency((int) from, (int) to).stream().map(b -> Base64.getEncoder().encodeToString(b)).toList();
    }

    /**
     * Writes the export as JSON Lines with Elastic Common Schema field names: first a header with the latest
     * checkpoint and the verifier key, then one line per record with its canonical form, leaf hash, position and
     * inclusion proof against that checkpoint. Records not yet in a checkpoint are left out.
     *
     * @return the number of records written
     */
    public long export(Filter f, Writer out) throws IOException {
        var checkpoint = latestCheckpoint().orElse(null);
        if (checkpoint == null) {
            out.write("{\"type\":\"header\",\"treeSize\":0}\n");
            return 0;
        }
        long treeSize = (Long) checkpoint.get("tree_size");
        MerkleIndex index = new MerkleIndex(leaves(treeSize));
        boolean filteredExport = f.actor() != null || f.authority() != null || f.action() != null || f.report() != null
                || f.caseReference() != null || f.from() != null || f.to() != null;
        out.write("{\"type\":\"header\",\"treeSize\":" + treeSize + ",\"complete\":" + !filteredExport
                + ",\"checkpoint\":" + json((String) checkpoint.get("note"))
                + ",\"verifierKey\":" + json(keys.verifierKey()) + "}\n");
        StringBuilder sql = new StringBuilder("""
                SELECT l.position, l.leaf_hash, e.canonical, e.id, e.at, e.actor_id, e.actor_name, e.actor_authority,
                       e.actor_roles, e.action, e.purpose, e.case_reference, e.reports, e.recipient, e.outcome, e.rule, e.detail
                FROM audit_leaf l LEFT JOIN audit_event e ON e.seq = l.seq WHERE l.position < ?""");
        List<Object> args = new ArrayList<>(List.of(treeSize));
        if (filteredExport) {
            sql.append(" AND e.seq IS NOT NULL");
            where(f, sql, args);
        }
        sql.append(" ORDER BY l.position");
        long[] count = {0};
        IOException[] failure = {null};
        jdbc.query(con -> {
            var ps = con.prepareStatement(sql.toString());
            ps.setFetchSize(2000);
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            return ps;
        }, rs -> {
            if (failure[0] != null) {
                return;
            }
            long position = rs.getLong("position");
            StringBuilder line = new StringBuilder(512).append("{\"type\":\"record\",\"verbund\":{\"audit\":{\"position\":")
                    .append(position).append(",\"leafHash\":").append(json(Base64.getEncoder().encodeToString(rs.getBytes("leaf_hash"))))
                    .append(",\"inclusionProof\":[");
            // a complete export is verified by recomputing the root; a filtered one needs a proof per record
            List<byte[]> proof = filteredExport ? index.inclusion((int) position, (int) treeSize) : List.of();
            for (int i = 0; i < proof.size(); i++) {
                line.append(i == 0 ? "" : ",").append(json(Base64.getEncoder().encodeToString(proof.get(i))));
            }
            String canonical = rs.getString("canonical");
            if (canonical == null && rs.getString("id") != null) {
                canonical = Canonical.ofRow(rs);
            }
            line.append("],\"canonical\":").append(canonical == null ? "null" : json(canonical));
            if (rs.getString("id") == null) {
                line.append(",\"purged\":true}}}\n");
            } else {
                line.append("},\"reports\":").append(array((String[]) rs.getArray("reports").getArray()))
                        .append(",\"detail\":").append(json(rs.getString("detail"))).append("}")
                        .append(",\"@timestamp\":").append(json(rs.getTimestamp("at").toInstant().toString()))
                        .append(",\"event\":{\"id\":").append(json(rs.getString("id")))
                        .append(",\"kind\":\"event\",\"action\":").append(json(rs.getString("action")))
                        .append(",\"outcome\":").append(json(ecsOutcome(rs.getString("outcome"))))
                        .append(",\"reason\":").append(json(rs.getString("purpose"))).append("}")
                        .append(",\"user\":{\"id\":").append(json(rs.getString("actor_id")))
                        .append(",\"name\":").append(json(rs.getString("actor_name")))
                        .append(",\"roles\":").append(array((String[]) rs.getArray("actor_roles").getArray())).append("}")
                        .append(",\"organization\":{\"id\":").append(json(rs.getString("actor_authority"))).append("}")
                        .append(",\"labels\":{\"case_reference\":").append(json(rs.getString("case_reference")))
                        .append(",\"outcome\":").append(json(rs.getString("outcome")))
                        .append(",\"rule\":").append(json(rs.getString("rule")))
                        .append(",\"recipient\":").append(json(rs.getString("recipient"))).append("}}\n");
            }
            try {
                out.write(line.toString());
                count[0]++;
            } catch (IOException e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return count[0];
    }

    /** Deletes records past retention (end of the year after creation); their leaf hashes stay. */
    public long purgeExpired() {
        Long removed = jdbc.queryForObject("SELECT audit_purge_expired()", Long.class);
        return removed == null ? 0 : removed;
    }

    static String ecsOutcome(String outcome) {
        return switch (outcome) {
            case "OK", "DUPLICATE" -> "success";
            case "DENIED", "NOT_FOUND", "REJECTED", "UNAUTHENTICATED" -> "failure";
            default -> "unknown";
        };
    }

    static String array(String[] values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : ",").append(json(values[i]));
        }
        return b.append(']').toString();
    }

    static String json(@Nullable String s) {
        return Canonical.quote(s);
    }
}

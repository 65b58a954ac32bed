package de.verbund.audit;

import java.io.IOException;
import java.io.Writer;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.sql.SQLException;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.json.JsonMapper;
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
    /** A read-only transaction: only inside one does the driver fetch a large result in chunks (the export). */
    private final org.springframework.transaction.support.TransactionTemplate readOnly;

    AuditLog(JdbcTemplate jdbc, AuditKeys keys, org.springframework.transaction.PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.readOnly = new org.springframework.transaction.support.TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** Filter of the events query; null fields do not filter. */
    public record Filter(@Nullable String actor, @Nullable String authority, @Nullable String action,
                         @Nullable String report, @Nullable String caseReference, @Nullable Instant from,
                         @Nullable Instant to) {}

    /** One stored record as oversight sees it (JSON keys in snake case, as the table's columns). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Event(long seq, UUID id, Instant at, String actorId, String actorName, @Nullable String actorAuthority,
                        List<String> actorRoles, String action, @Nullable String purpose,
                        @Nullable String caseReference, List<String> reports, @Nullable String recipient,
                        String outcome, @Nullable String rule, @Nullable String detail, @Nullable Long position) {}

    /** One consultation that returned a report ("who saw report X"). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Consultation(Instant at, String actorId, String actorName, @Nullable String actorAuthority,
                               String action, @Nullable String purpose, @Nullable String caseReference,
                               @Nullable String rule) {}

    /** Consultations of one authority's reports by another, per month and action. */
    public record AuthorityConsultations(String month, String consulting, String consulted, String action,
                                         long consultations) {}

    /** Many consultations by one user within one window. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Burst(String actorId, String actorName, @Nullable String actorAuthority, Instant windowStart,
                        long consultations) {}

    /** Reads under a case reference the user had not used before that day. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record NewCaseReference(String actorId, String actorName, String caseReference, Instant firstUse,
                                   long reads) {}

    /** A consultation outside working hours (Europe/Berlin) or at the weekend. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record OffHours(String actorId, String actorName, @Nullable String actorAuthority, Instant at,
                           String action, @Nullable String caseReference) {}

    /** Requests one user made beyond a limit (selector checks, searches): possible enumeration or scraping. */
    public record QuotaHits(String actorId, String actorName, @Nullable String actorAuthority, String action,
                            long refused, Instant first, Instant last) {}

    /** The kinds of unusual access. */
    public record Anomalies(List<Burst> bursts, List<NewCaseReference> newCaseReferences,
                            List<OffHours> outsideWorkingHours, List<QuotaHits> quotaHits) {}

    /** A signed checkpoint (C2SP signed note) of the Merkle tree. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Checkpoint(long treeSize, String note, Instant createdAt) {}

    private static List<String> strings(java.sql.Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }

    private static final RowMapper<Event> EVENT = (rs, n) -> new Event(rs.getLong("seq"),
            rs.getObject("id", UUID.class), rs.getTimestamp("at").toInstant(), rs.getString("actor_id"),
            rs.getString("actor_name"), rs.getString("actor_authority"), strings(rs.getArray("actor_roles")),
            rs.getString("action"), rs.getString("purpose"), rs.getString("case_reference"),
            strings(rs.getArray("reports")), rs.getString("recipient"), rs.getString("outcome"), rs.getString("rule"),
            rs.getString("detail"), rs.getObject("position", Long.class));

    public List<Event> events(Filter f, long afterSeq, int limit) {
        StringBuilder sql = new StringBuilder("""
                SELECT e.seq, e.id, e.at, e.actor_id, e.actor_name, e.actor_authority, e.actor_roles, e.action, e.purpose,
                       e.case_reference, e.reports, e.recipient, e.outcome, e.rule, e.detail, l.position
                FROM audit_event e LEFT JOIN audit_leaf l ON l.seq = e.seq WHERE e.seq > ?""");
        List<Object> args = new ArrayList<>(List.of(afterSeq));
        where(f, sql, args);
        sql.append(" ORDER BY e.seq LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), EVENT, args.toArray());
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
    public List<Consultation> whoSaw(String reportId) {
        return jdbc.query("""
                SELECT at, actor_id, actor_name, actor_authority, action, purpose, case_reference, rule
                FROM audit_event WHERE ? = ANY (reports) AND outcome = 'OK' AND action = ANY (?)
                ORDER BY seq""", (rs, n) -> new Consultation(rs.getTimestamp("at").toInstant(), rs.getString("actor_id"),
                rs.getString("actor_name"), rs.getString("actor_authority"), rs.getString("action"),
                rs.getString("purpose"), rs.getString("case_reference"), rs.getString("rule")),
                reportId, actions(a -> a.isConsultation()));
    }

    private String[] actions(java.util.function.Predicate<AuditAction> which) {
        return java.util.Arrays.stream(AuditAction.values()).filter(which).map(Enum::name).toArray(String[]::new);
    }

    /** Consultations per authority and month, with the originators consulted ("which authority consulted which"). */
    public List<AuthorityConsultations> consultationsPerAuthority() {
        return jdbc.query("""
                SELECT to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, e.actor_authority AS consulting,
                       r.originator AS consulted, e.action, count(*) AS consultations
                FROM audit_event e CROSS JOIN LATERAL unnest(e.reports) AS rid
                JOIN report r ON r.id::text = rid
                WHERE e.outcome = 'OK' AND e.action IN ('SEARCH','READ','DOWNLOAD','RELATED')
                GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4""", (rs, n) -> new AuthorityConsultations(rs.getString("month"),
                rs.getString("consulting"), rs.getString("consulted"), rs.getString("action"),
                rs.getLong("consultations")));
    }

    /**
     * Unusual access: many reads or selector checks by one user within a window; reads under a case reference the
     * user never used before that day; consultations outside working hours (Europe/Berlin); requests refused because
     * the user's limit was used up.
     */
    public Anomalies anomalies(Instant from, Instant to, int maxPerWindow, int windowMinutes,
                                                            LocalTime workStart, LocalTime workEnd) {
        List<Burst> bursts = jdbc.query("""
                SELECT actor_id, actor_name, actor_authority, date_bin(make_interval(mins => ?), at, timestamptz '2000-01-01') AS window_start,
                       count(*) AS consultations
                FROM audit_event WHERE at >= ? AND at < ? AND action IN ('READ','DOWNLOAD','SELECTOR_CHECK')
                GROUP BY 1, 2, 3, 4 HAVING count(*) > ? ORDER BY 5 DESC""",
                (rs, n) -> new Burst(rs.getString("actor_id"), rs.getString("actor_name"), rs.getString("actor_authority"),
                        rs.getTimestamp("window_start").toInstant(), rs.getLong("consultations")),
                windowMinutes, Timestamp.from(from), Timestamp.from(to), maxPerWindow);
        List<NewCaseReference> newCases = jdbc.query("""
                SELECT e.actor_id, e.actor_name, e.case_reference, min(e.at) AS first_use, count(*) AS reads
                FROM audit_event e
                WHERE e.at >= ? AND e.at < ? AND e.action IN ('READ','DOWNLOAD') AND e.case_reference IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM audit_event p WHERE p.actor_id = e.actor_id
                                  AND p.case_reference = e.case_reference AND p.at < date_trunc('day', e.at))
                GROUP BY 1, 2, 3 ORDER BY 4""", (rs, n) -> new NewCaseReference(rs.getString("actor_id"),
                rs.getString("actor_name"), rs.getString("case_reference"), rs.getTimestamp("first_use").toInstant(),
                rs.getLong("reads")), Timestamp.from(from), Timestamp.from(to));
        List<OffHours> offHours = jdbc.query("""
                SELECT actor_id, actor_name, actor_authority, at, action, case_reference
                FROM audit_event
                WHERE at >= ? AND at < ? AND action IN ('SEARCH','READ','DOWNLOAD','SELECTOR_CHECK')
                  AND ((at AT TIME ZONE ?)::time < ? OR (at AT TIME ZONE ?)::time >= ?
                       OR extract(isodow FROM at AT TIME ZONE ?) >= 6)
                ORDER BY at""", (rs, n) -> new OffHours(rs.getString("actor_id"), rs.getString("actor_name"),
                rs.getString("actor_authority"), rs.getTimestamp("at").toInstant(), rs.getString("action"),
                rs.getString("case_reference")), Timestamp.from(from), Timestamp.from(to), ZONE.getId(), workStart, ZONE.getId(), workEnd,
                ZONE.getId());
        List<QuotaHits> quotaHits = jdbc.query("""
                SELECT actor_id, actor_name, actor_authority, action, count(*) AS refused, min(at) AS first_at,
                       max(at) AS last_at
                FROM audit_event WHERE at >= ? AND at < ? AND outcome = 'QUOTA_EXCEEDED'
                GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC""", (rs, n) -> new QuotaHits(rs.getString("actor_id"),
                rs.getString("actor_name"), rs.getString("actor_authority"), rs.getString("action"),
                rs.getLong("refused"), rs.getTimestamp("first_at").toInstant(), rs.getTimestamp("last_at").toInstant()),
                Timestamp.from(from), Timestamp.from(to));
        return new Anomalies(bursts, newCases, offHours, quotaHits);
    }

    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    private static final RowMapper<Checkpoint> CHECKPOINT = (rs, n) -> new Checkpoint(rs.getLong("tree_size"),
            rs.getString("note"), rs.getTimestamp("created_at").toInstant());

    public List<Checkpoint> checkpoints() {
        return jdbc.query("SELECT tree_size, note, created_at FROM audit_checkpoint ORDER BY tree_size", CHECKPOINT);
    }

    public Optional<Checkpoint> latestCheckpoint() {
        return jdbc.query("SELECT tree_size, note, created_at FROM audit_checkpoint ORDER BY tree_size DESC LIMIT 1",
                CHECKPOINT).stream().findFirst();
    }

    List<byte[]> leaves(long upTo) {
        return jdbc.queryForList("SELECT leaf_hash FROM audit_leaf WHERE position < ? ORDER BY position", byte[].class, upTo);
    }

    /** Consistency proof between two checkpoint sizes, base64 hashes. */
    public List<String> consistencyProof(long from, long to) {
        MerkleIndex index = new MerkleIndex(leaves(to));
        if (from < 1 || to > index.size() || from > to) {
            throw new InvalidOversightQuery("no checkpoint pair with these tree sizes");
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
        Checkpoint checkpoint = latestCheckpoint().orElse(null);
        try (JsonGenerator json = EXPORT_JSON.createGenerator(out)) {
            if (checkpoint == null) {
                json.writeStartObject().writeStringProperty("type", "header").writeNumberProperty("treeSize", 0)
                        .writeEndObject().writeRaw('\n');
                return 0;
            }
            long treeSize = checkpoint.treeSize();
            boolean filteredExport = f.actor() != null || f.authority() != null || f.action() != null
                    || f.report() != null || f.caseReference() != null || f.from() != null || f.to() != null;
            // every leaf hash in memory only for the inclusion proofs of a filtered export; a complete one needs none
            MerkleIndex index = filteredExport ? new MerkleIndex(leaves(treeSize)) : null;
            json.writeStartObject().writeStringProperty("type", "header").writeNumberProperty("treeSize", treeSize)
                    .writeBooleanProperty("complete", !filteredExport).writeStringProperty("checkpoint", checkpoint.note())
                    .writeStringProperty("verifierKey", keys.verifierKey()).writeEndObject().writeRaw('\n');
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
            // streamed: with autocommit on, PostgreSQL's driver ignores the fetch size and holds the whole trail in
            // memory (an OutOfMemoryError at ~110,000 records with a 768 MiB heap, found by the fault test)
            readOnly.executeWithoutResult(status -> jdbc.query(con -> {
                var ps = con.prepareStatement(sql.toString());
                ps.setFetchSize(2000);
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                return ps;
            }, rs -> {
                long position = rs.getLong("position");
                // a complete export is verified by recomputing the root; a filtered one needs a proof per record
                List<byte[]> proof = index != null ? index.inclusion((int) position, (int) treeSize) : List.of();
                String canonical = rs.getString("canonical");
                boolean purged = rs.getString("id") == null;
                if (canonical == null && !purged) {
                    canonical = Canonical.ofRow(rs);
                }
                json.writeStartObject().writeStringProperty("type", "record");
                json.writeObjectPropertyStart("verbund").writeObjectPropertyStart("audit")
                        .writeNumberProperty("position", position)
                        .writeStringProperty("leafHash", BASE64.encodeToString(rs.getBytes("leaf_hash")));
                json.writeArrayPropertyStart("inclusionProof");
                for (byte[] hash : proof) {
                    json.writeString(BASE64.encodeToString(hash));
                }
                json.writeEndArray().writeStringProperty("canonical", canonical);
                if (purged) {
                    json.writeBooleanProperty("purged", true).writeEndObject().writeEndObject().writeEndObject();
                } else {
                    json.writeEndObject();
                    stringArray(json, "reports", rs.getArray("reports"));
                    json.writeStringProperty("detail", rs.getString("detail")).writeEndObject();
                    json.writeStringProperty("@timestamp", rs.getTimestamp("at").toInstant().toString());
                    json.writeObjectPropertyStart("event").writeStringProperty("id", rs.getString("id"))
                            .writeStringProperty("kind", "event").writeStringProperty("action", rs.getString("action"))
                            .writeStringProperty("outcome", ecsOutcome(rs.getString("outcome")))
                            .writeStringProperty("reason", rs.getString("purpose")).writeEndObject();
                    json.writeObjectPropertyStart("user").writeStringProperty("id", rs.getString("actor_id"))
                            .writeStringProperty("name", rs.getString("actor_name"));
                    stringArray(json, "roles", rs.getArray("actor_roles"));
                    json.writeEndObject();
                    json.writeObjectPropertyStart("organization")
                            .writeStringProperty("id", rs.getString("actor_authority")).writeEndObject();
                    json.writeObjectPropertyStart("labels")
                            .writeStringProperty("case_reference", rs.getString("case_reference"))
                            .writeStringProperty("outcome", rs.getString("outcome"))
                            .writeStringProperty("rule", rs.getString("rule"))
                            .writeStringProperty("recipient", rs.getString("recipient")).writeEndObject();
                    json.writeEndObject();
                }
                json.writeRaw('\n');
                count[0]++;
            }));
            return count[0];
        } catch (JacksonException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e);
        }
    }

    /** The caller owns the writer: closing the generator must not close it. */
    private static final JsonMapper EXPORT_JSON = JsonMapper.builder()
            .disable(tools.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET).build();
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private static void stringArray(JsonGenerator json, String name, java.sql.Array values) throws SQLException {
        json.writeArrayPropertyStart(name);
        for (String value : (String[]) values.getArray()) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    /** Deletes records past retention (end of the year after creation); their leaf hashes stay. */
    public long purgeExpired() {
        Long removed = jdbc.queryForObject("SELECT audit_purge_expired()", Long.class);
        return removed == null ? 0 : removed;
    }

    /** The ECS outcome of a stored outcome; {@code unknown} for a value this version does not know. */
    static String ecsOutcome(String outcome) {
        try {
            return AuditOutcome.valueOf(outcome).ecs();
        } catch (IllegalArgumentException e) {
            return "unknown";
        }
    }
}

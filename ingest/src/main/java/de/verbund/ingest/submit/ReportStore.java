package de.verbund.ingest.submit;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

import de.verbund.access.label.Authority;
import de.verbund.access.label.Classification;
import de.verbund.access.label.Collection;
import de.verbund.access.label.Disclosure;
import de.verbund.access.label.HandlingCode;
import de.verbund.access.label.Labels;
import de.verbund.access.label.PersonsConcerned;
import de.verbund.access.label.PhenomenonArea;
import de.verbund.access.policy.ReportAccessView;
import de.verbund.access.policy.ReportId;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The report table in PostgreSQL, the system of record for reports and their labels. */
@Repository
public class ReportStore {

    private static final String COLUMNS = "id, originator, case_reference, title, phenomenon_area, classification, "
            + "releasable_to, handling_code, handling_note, disclosure, collection, review_by, submitted_at, submitted_by, "
            + "sha256, content_type, size_bytes, text, text_truncated, language, normalised, selectors, kek_id, encrypted_bytes, "
            + "signature_status, signer, vault_location, persons_concerned, erased_at, restricted_at";

    private final JdbcTemplate jdbc;

    ReportStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<StoredReport> find(ReportId id) {
        List<StoredReport> rows = jdbc.query("SELECT " + COLUMNS + " FROM report WHERE id = ?", MAPPER, id.value());
        return rows.stream().findFirst();
    }

    /**
     * Only the labels and the erasure and restriction marks: what an access decision needs. Costs the same for a denied id as for
     * an unknown one (one index lookup, no content), so the two cannot be told apart by time.
     */
    public Optional<ReportAccessView> findView(ReportId id) {
        return jdbc.query("""
                SELECT id, originator, case_reference, title, phenomenon_area, classification, releasable_to, handling_code,
                       handling_note, disclosure, collection, review_by, persons_concerned, erased_at, restricted_at
                FROM report WHERE id = ?""", (rs, n) -> new ReportAccessView(new ReportId(rs.getObject("id", UUID.class)),
                labels(rs), rs.getTimestamp("erased_at") != null, rs.getTimestamp("restricted_at") != null), id.value())
                .stream().findFirst();
    }

    private static Labels labels(ResultSet rs) throws SQLException {
        Array releasable = rs.getArray("releasable_to");
        return new Labels(
                new Authority(rs.getString("originator")),
                rs.getString("case_reference"),
                rs.getString("title"),
                PhenomenonArea.valueOf(rs.getString("phenomenon_area")),
                Classification.parse(rs.getString("classification")).orElseThrow(),
                new TreeSet<>(Arrays.asList((String[]) releasable.getArray())),
                HandlingCode.valueOf(rs.getString("handling_code")),
                rs.getString("handling_note"),
                Disclosure.valueOf(rs.getString("disclosure")),
                Collection.valueOf(rs.getString("collection")),
                rs.getObject("review_by", java.time.LocalDate.class),
                PersonsConcerned.valueOf(rs.getString("persons_concerned")));
    }

    /** Several reports for the index, without the normalised document (the index needs text, labels and selectors). */
    public List<StoredReport> findAllForIndex(java.util.Collection<ReportId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        UUID[] values = ids.stream().map(ReportId::value).toArray(UUID[]::new);
        return jdbc.query(con -> {
            var ps = con.prepareStatement("SELECT " + COLUMNS.replace("normalised", "'{}'::text AS normalised")
                    + " FROM report WHERE id = ANY (?)");
            ps.setArray(1, con.createArrayOf("uuid", values));
            return ps;
        }, MAPPER);
    }

    /** All report ids that are not erased, for a full re-index. */
    public List<ReportId> liveIds() {
        return jdbc.queryForList("SELECT id FROM report WHERE erased_at IS NULL ORDER BY submitted_at", UUID.class)
                .stream().map(ReportId::new).toList();
    }

    /** A live report of the originator with the same bytes: its id and its labels. */
    record Existing(ReportId id, Labels labels) {}

    java.util.Map<String, Existing> findBySha256(Authority originator, java.util.Collection<String> hashes) {
        java.util.Map<String, Existing> found = new java.util.HashMap<>();
        if (hashes.isEmpty()) {
            return found;
        }
        jdbc.query(con -> {
            var ps = con.prepareStatement("""
                    SELECT sha256, id, originator, case_reference, title, phenomenon_area, classification, releasable_to,
                           handling_code, handling_note, disclosure, collection, review_by, persons_concerned
                    FROM report WHERE originator = ? AND sha256 = ANY (?::char(64)[]) AND erased_at IS NULL""");
            ps.setString(1, originator.code());
            ps.setArray(2, con.createArrayOf("text", hashes.toArray()));
            return ps;
        }, rs -> {
            found.put(rs.getString(1).trim(), new Existing(new ReportId(rs.getObject(2, UUID.class)), labels(rs)));
        });
        return found;
    }

    Optional<ReportId> findBySha256(Authority originator, String sha256) {
        return jdbc.queryForList("SELECT id FROM report WHERE originator = ? AND sha256 = ?::char(64) AND erased_at IS NULL",
                UUID.class, originator.code(), sha256).stream().findFirst().map(ReportId::new);
    }

    /** The columns of a new report row besides its labels. */
    record NewReport(ReportId id, Labels labels, String submittedBy, Instant submittedAt, String sha256,
                     String contentType, long sizeBytes, String text, boolean truncated, String language,
                     String normalisedJson, List<String> selectors, String kekId, long encryptedBytes,
                     String signatureStatus, @org.jspecify.annotations.Nullable String signer,
                     @org.jspecify.annotations.Nullable String vaultLocation) {}

    void insert(NewReport r) {
        insertAll(List.of(r));
    }

    void insertAll(List<NewReport> rows) {
        jdbc.batchUpdate("INSERT INTO report (" + COLUMNS.replace(", erased_at, restricted_at", "")
                + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?::jsonb,?,?,?,?,?,?,?)", rows, 500, (ps, r) -> {
            var con = ps.getConnection();
            ReportId id = r.id();
            Labels labels = r.labels();
            int i = 1;
            ps.setObject(i++, id.value());
            ps.setString(i++, labels.originator().code());
            ps.setString(i++, labels.caseReference());
            ps.setString(i++, labels.title());
            ps.setString(i++, labels.phenomenonArea().name());
            ps.setString(i++, labels.classification().label());
            ps.setArray(i++, con.createArrayOf("text", labels.releasableTo().toArray()));
            ps.setString(i++, labels.handlingCode().name());
            ps.setString(i++, labels.handlingNote());
            ps.setString(i++, labels.disclosure().name());
            ps.setString(i++, labels.collection().name());
            ps.setObject(i++, labels.reviewBy());
            ps.setTimestamp(i++, Timestamp.from(r.submittedAt()));
            ps.setString(i++, r.submittedBy());
            ps.setString(i++, r.sha256());
            ps.setString(i++, r.contentType());
            ps.setLong(i++, r.sizeBytes());
            ps.setString(i++, r.text());
            ps.setBoolean(i++, r.truncated());
            ps.setString(i++, r.language());
            ps.setString(i++, r.normalisedJson());
            ps.setArray(i++, con.createArrayOf("text", r.selectors().toArray()));
            ps.setString(i++, r.kekId());
            ps.setLong(i++, r.encryptedBytes());
            ps.setString(i++, r.signatureStatus());
            ps.setString(i++, r.signer());
            ps.setString(i++, r.vaultLocation());
            ps.setString(i, labels.personsConcerned().name());
        });
    }

    private static final RowMapper<StoredReport> MAPPER = (ResultSet rs, int row) -> {
        Labels labels = labels(rs);
        ReportAccessView view = new ReportAccessView(new ReportId(rs.getObject("id", UUID.class)), labels,
                rs.getTimestamp("erased_at") != null, rs.getTimestamp("restricted_at") != null);
        return new StoredReport(view, rs.getString("text"), rs.getString("content_type"), rs.getString("sha256"),
                rs.getLong("size_bytes"), instant(rs, "submitted_at"), rs.getString("submitted_by"),
                rs.getBoolean("text_truncated"), rs.getString("language"), rs.getString("normalised"),
                List.of((String[]) rs.getArray("selectors").getArray()), rs.getString("kek_id"),
                rs.getString("signature_status"), rs.getString("signer"), rs.getString("vault_location"));
    };

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getTimestamp(column).toInstant();
    }
}

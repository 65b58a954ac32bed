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
import de.verbund.ingest.crypto.DataKey;
import de.verbund.ingest.crypto.SealedField;
import de.verbund.ingest.crypto.Vault;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The report table in PostgreSQL, the system of record for reports and their labels. */
@Repository
public class ReportStore {

    private static final String COLUMNS = "id, originator, case_reference, title, phenomenon_area, classification, "
            + "releasable_to, handling_code, handling_note, disclosure, collection, review_by, submitted_at, submitted_by, "
            + "sha256, content_type, size_bytes, text_sealed, text_truncated, language, normalised_sealed, selectors, kek_id, "
            + "encrypted_bytes, signature_status, signer, vault_location, persons_concerned, text, normalised, erased_at, "
            + "restricted_at, version";

    private final JdbcTemplate jdbc;
    private final Vault vault;

    ReportStore(JdbcTemplate jdbc, Vault vault) {
        this.jdbc = jdbc;
        this.vault = vault;
    }

    /** The report with its content opened (its data key unwrapped from the vault); empty content once erased. */
    public Optional<StoredReport> find(ReportId id) {
        List<StoredReport> rows = jdbc.query("SELECT " + COLUMNS + " FROM report WHERE id = ?", this::map, id.value());
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
            var ps = con.prepareStatement("SELECT " + COLUMNS.replace("normalised_sealed", "NULL::bytea AS normalised_sealed")
                    .replace(" normalised,", " '{}'::text AS normalised,") + " FROM report WHERE id = ANY (?)");
            ps.setArray(1, con.createArrayOf("uuid", values));
            return ps;
        }, this::map);
    }

    /**
     * One version of a report's content: the current one ({@code current}) or an earlier one; no labels (a version
     * is read under the report's current labels).
     */
    public record Version(int version, boolean current, String sha256, String contentType, long sizeBytes,
                          Instant storedAt, @org.jspecify.annotations.Nullable Instant supersededAt,
                          @org.jspecify.annotations.Nullable String supersededBy,
                          @org.jspecify.annotations.Nullable String reason) {}

    /** Every version of a report, newest first; no content. */
    public List<Version> versions(ReportId id) {
        return jdbc.query("""
                SELECT version, true, sha256, content_type, size_bytes, submitted_at, NULL::timestamptz, NULL, NULL
                FROM report WHERE id = ? AND erased_at IS NULL
                UNION ALL
                SELECT version, false, sha256, content_type, size_bytes, stored_at, superseded_at, superseded_by, reason
                FROM report_version WHERE report_id = ?
                ORDER BY 1 DESC""", (rs, n) -> new Version(rs.getInt(1), rs.getBoolean(2), rs.getString(3).trim(),
                rs.getString(4), rs.getLong(5), rs.getTimestamp(6).toInstant(),
                rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant(), rs.getString(8), rs.getString(9)),
                id.value(), id.value());
    }

    /** The content of an earlier version, opened with its own data key; empty when there is no such version. */
    public Optional<Content> earlierVersion(ReportId id, int version) {
        return jdbc.query("""
                SELECT vault_location, text, text_sealed, normalised::text, normalised_sealed FROM report_version
                WHERE report_id = ? AND version = ?""", (rs, n) -> open(id, rs.getString(1), rs.getString(2),
                rs.getBytes(3), rs.getString(4), rs.getBytes(5)), id.value(), version).stream().findFirst();
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
    /** The columns of a new report row besides its labels; text and normalised form are sealed under {@code dataKey}. */
    record NewReport(ReportId id, Labels labels, String submittedBy, Instant submittedAt, String sha256,
                     String contentType, long sizeBytes, String text, boolean truncated, String language,
                     String normalisedJson, List<String> selectors, String kekId, long encryptedBytes,
                     String signatureStatus, @org.jspecify.annotations.Nullable String signer,
                     @org.jspecify.annotations.Nullable String vaultLocation, DataKey dataKey) {}

    void insert(NewReport r) {
        insertAll(List.of(r));
    }

    void insertAll(List<NewReport> rows) {
        jdbc.batchUpdate("INSERT INTO report (" + COLUMNS.replace(", text, normalised, erased_at, restricted_at, version", "")
                + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows, 500, (ps, r) -> {
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
            ps.setBytes(i++, SealedField.seal(r.dataKey(), id, SealedField.Field.TEXT, r.text()));
            ps.setBoolean(i++, r.truncated());
            ps.setString(i++, r.language());
            ps.setBytes(i++, SealedField.seal(r.dataKey(), id, SealedField.Field.NORMALISED, r.normalisedJson()));
            ps.setArray(i++, con.createArrayOf("text", r.selectors().toArray()));
            ps.setString(i++, r.kekId());
            ps.setLong(i++, r.encryptedBytes());
            ps.setString(i++, r.signatureStatus());
            ps.setString(i++, r.signer());
            ps.setString(i++, r.vaultLocation());
            ps.setString(i, labels.personsConcerned().name());
        });
    }

    private StoredReport map(ResultSet rs, int row) throws SQLException {
        Labels labels = labels(rs);
        ReportId id = new ReportId(rs.getObject("id", UUID.class));
        ReportAccessView view = new ReportAccessView(id, labels,
                rs.getTimestamp("erased_at") != null, rs.getTimestamp("restricted_at") != null);
        // an erased report has no content to open (its key may be gone already)
        Content content = view.erased() ? Content.NONE : open(id, rs.getString("vault_location"), rs.getString("text"),
                rs.getBytes("text_sealed"), rs.getString("normalised"), rs.getBytes("normalised_sealed"));
        return new StoredReport(view, content.text(), rs.getString("content_type"), rs.getString("sha256"),
                rs.getLong("size_bytes"), instant(rs, "submitted_at"), rs.getString("submitted_by"),
                rs.getBoolean("text_truncated"), rs.getString("language"), content.normalised(),
                List.of((String[]) rs.getArray("selectors").getArray()), rs.getString("kek_id"),
                rs.getString("signature_status"), rs.getString("signer"), rs.getString("vault_location"),
                rs.getInt("version"));
    }

    /**
     * Replaces the selectors of a report and its normalised form, sealed under its data key (or in clear in a row
     * stored before sealing, which {@code ContentSealing} seals later). In the caller's transaction.
     */
    public void replaceSelectors(ReportId id, List<String> selectors, String normalisedJson) {
        record Row(@org.jspecify.annotations.Nullable String location, boolean sealed) {}
        Row row = jdbc.queryForObject("SELECT vault_location, text_sealed IS NOT NULL FROM report WHERE id = ?",
                (rs, n) -> new Row(rs.getString(1), rs.getBoolean(2)), id.value());
        if (!row.sealed()) {
            jdbc.update("UPDATE report SET selectors = ?::text[], normalised = ?::jsonb WHERE id = ?",
                    selectors.toArray(String[]::new), normalisedJson, id.value());
            return;
        }
        DataKey key = vault.dataKey(id, row.location()).orElseThrow(() -> new IllegalStateException(
                "the data key of " + id + " is gone although the report is not erased"));
        try {
            jdbc.update("UPDATE report SET selectors = ?::text[], normalised_sealed = ? WHERE id = ?",
                    selectors.toArray(String[]::new), SealedField.seal(key, id, SealedField.Field.NORMALISED, normalisedJson),
                    id.value());
        } finally {
            key.wipe();
        }
    }

    /** A report's text and normalised form (JSON) in clear, in memory only. */
    public record Content(String text, String normalised) {
        static final Content NONE = new Content("", "{}");
    }

    /**
     * Opens the content of a row: sealed columns with the data key from the original's CMS header, or the clear
     * columns of a row stored before sealing (until {@code ContentSealing} has sealed it). Not for erased reports.
     *
     * @throws de.verbund.ingest.crypto.VaultUnavailable when the data key of sealed content cannot be found: the
     *         original is missing from the vault (a live report's content is never answered as empty)
     */
    public Content open(ReportId id, @org.jspecify.annotations.Nullable String vaultLocation,
                        @org.jspecify.annotations.Nullable String clearText, byte @org.jspecify.annotations.Nullable [] sealedText,
                        @org.jspecify.annotations.Nullable String clearNormalised,
                        byte @org.jspecify.annotations.Nullable [] sealedNormalised) {
        if (sealedText == null) {
            return clearText == null ? Content.NONE
                    : new Content(clearText, clearNormalised == null ? "{}" : clearNormalised);
        }
        Optional<DataKey> key = vault.dataKey(id, vaultLocation);
        if (key.isEmpty()) {
            throw new de.verbund.ingest.crypto.VaultUnavailable("the data key of report " + id + " is missing from the vault",
                    new IllegalStateException("original missing"));
        }
        try {
            return new Content(SealedField.open(key.get(), id, SealedField.Field.TEXT, sealedText),
                    sealedNormalised == null ? "{}"
                            : SealedField.open(key.get(), id, SealedField.Field.NORMALISED, sealedNormalised));
        } finally {
            key.get().wipe();
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getTimestamp(column).toInstant();
    }
}

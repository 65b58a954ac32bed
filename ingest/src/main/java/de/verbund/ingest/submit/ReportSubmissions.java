package de.verbund.ingest.submit;

import java.util.Optional;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import de.verbund.access.label.Labels;
import de.verbund.access.policy.ReportAccessView;
import de.verbund.access.policy.ReportId;
import de.verbund.access.subject.Role;
import de.verbund.access.subject.Subject;
import de.verbund.audit.AuditAction;
import de.verbund.audit.AuditEvent;
import de.verbund.audit.AuditOutcome;
import de.verbund.audit.AuditTrail;
import de.verbund.cluster.CrashPoints;
import de.verbund.ingest.IngestProperties;
import de.verbund.ingest.Original;
import de.verbund.ingest.crypto.Provenance;
import de.verbund.ingest.crypto.Vault;
import de.verbund.ingest.extract.Extraction;
import de.verbund.ingest.extract.ExtractionFailed;
import de.verbund.ingest.extract.IsolatedExtractor;
import de.verbund.ingest.extract.PlainText;
import de.verbund.problem.FreeText;
import de.verbund.problem.Problem;
import de.verbund.problem.ProblemType;
import de.verbund.selectors.Selector;
import de.verbund.selectors.Selectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The submission pipeline (docs/brief.md "Architecture", § 14 BKAG), one path for a single file and for a batch:
 * labels checked, text extracted in isolated parser processes, selectors found, the originals encrypted into the
 * vault (fsync), then the report rows and their outbox entries committed in one PostgreSQL transaction and every
 * outcome audited. Only then is the submission acknowledged; indexing follows from the outbox. A failure at any
 * step leaves nothing behind (a vault file without row is removed at once, or by the janitor after a crash).
 */
@Service
public class ReportSubmissions {

    /** Version of the normalised report schema stored in {@code report.normalised}. */
    public static final int SCHEMA_VERSION = 1;

    private static final Logger log = LoggerFactory.getLogger(ReportSubmissions.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ReportStore store;
    private final IsolatedExtractor extractor;
    private final Vault vault;
    private final Provenance provenance;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final long maxFileBytes;
    private final int maxCharacters;
    private final Clock clock = Clock.systemUTC();

    ReportSubmissions(ReportStore store, IsolatedExtractor extractor, Vault vault, JdbcTemplate jdbc, TransactionTemplate tx,
                      AuditTrail audit, ApplicationEventPublisher events, IngestProperties properties) {
        this.store = store;
        this.extractor = extractor;
        this.vault = vault;
        this.provenance = new Provenance(properties.crypto().trustDir());
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.events = events;
        this.maxFileBytes = properties.ingest().maxFileBytes();
        this.maxCharacters = properties.extract().maxCharacters();
    }

    /**
     * One file of a submission, staged by the caller (who deletes a staged file, see {@link StagedUploads}).
     *
     * @param signature optional detached CMS signature over the file (provenance)
     */
    public record Upload(Original content, String name, byte @Nullable [] signature) {
    }

    /** What became of one file of a submission. */
    public sealed interface Outcome {
        String name();

        record Done(String name, SubmissionResult result) implements Outcome {}

        /** Refused; {@code existing} names the originator's own report when the refusal is about it. */
        record Rejected(String name, ProblemType type, String detail, @Nullable ReportId existing) implements Outcome {
            Rejected(String name, ProblemType type, String detail) {
                this(name, type, detail, null);
            }
        }
    }

    private record Prepared(Upload upload, long size, String sha256, Extraction extraction, List<String> selectors,
                            Provenance.@Nullable Result signed, List<ExtractionWarning> warnings) {}

    /**
     * Submits one file: a batch of one through {@link #submitBatch}, answered as an exception when it is refused.
     *
     * @throws de.verbund.access.label.LabelInvalid for a missing or unknown label
     * @throws SubmissionRejected for a file that cannot be accepted; its type names the reason
     */
    public SubmissionResult submit(Subject submitter, Map<String, ?> rawLabels, Upload upload) {
        return switch (submitBatch(submitter, rawLabels, List.of(upload)).getFirst()) {
            case Outcome.Done done -> done.result();
            case Outcome.Rejected rejected -> throw new SubmissionRejected(rejected.type(), rejected.detail(),
                    rejected.existing());
        };
    }

    /**
     * Submits files with the same labels (docs/brief.md "Architecture", § 14 BKAG): labels checked, text extracted in
     * isolated parser processes in parallel, selectors found, the small originals encrypted each with its own data
     * key and made durable together in a vault pack (one force), all rows and outbox entries committed in one
     * transaction. A file that is rejected does not stop the others. Every outcome is audited before this returns,
     * so the submission is acknowledged only once it is durable and recorded.
     *
     * @throws de.verbund.access.label.LabelInvalid for a missing or unknown label (nothing is stored)
     */
    public List<Outcome> submitBatch(Subject submitter, Map<String, ?> rawLabels, List<Upload> uploads) {
        if (!submitter.has(Role.SUBMITTER)) {
            throw new IllegalStateException("caller must check the submitter role");
        }
        List<Outcome> outcomes;
        try {
            Labels labels = Labels.fromSubmission(rawLabels, submitter.authority(),
                    LocalDate.now(clock.withZone(ZoneOffset.UTC)));
            try {
                outcomes = submitBatchOnce(submitter, labels, uploads);
            } catch (DuplicateKeyException e) {
                // a concurrent submission stored some of the same files first; the second pass answers them as duplicates
                outcomes = submitBatchOnce(submitter, labels, uploads);
            }
        } catch (RuntimeException e) {
            audit.record(AuditEvent.by(submitter, AuditAction.SUBMIT).rule(SUBMISSION_RULE)
                    .detail(e instanceof Problem p ? p.type().slug() : e.getClass().getSimpleName())
                    .outcome(AuditOutcome.REJECTED));
            throw e;
        }
        String detail = uploads.size() > 1 ? "batch" : null;
        audit.recordAll(outcomes.stream().map(o -> switch (o) {
            case Outcome.Done done -> AuditEvent.by(submitter, AuditAction.SUBMIT).report(done.result().id())
                    .rule("ROLE_SUBMITTER").detail(detail).outcome(done.result() instanceof SubmissionResult.Duplicate
                            ? AuditOutcome.DUPLICATE : AuditOutcome.OK);
            case Outcome.Rejected rejected -> {
                AuditEvent.Builder event = AuditEvent.by(submitter, AuditAction.SUBMIT).rule(SUBMISSION_RULE)
                        .detail(rejected.type().slug());
                yield (rejected.existing() == null ? event : event.report(rejected.existing()))
                        .outcome(AuditOutcome.REJECTED);
            }
        }).toList());
        return outcomes;
    }

    /** The rule that refuses a submission: the labels (§ 14 BKAG) and the file limits. */
    private static final String SUBMISSION_RULE = "LABELS_AND_FILE";

    private List<Outcome> submitBatchOnce(Subject submitter, Labels labels, List<Upload> uploads) {
        Outcome[] outcomes = new Outcome[uploads.size()];
        Prepared[] prepared = new Prepared[uploads.size()];
        // One virtual thread per file: parsing waits for a free parser process, so as many files as there are
        // processes are always being parsed, while hashing and selector extraction use the cores meanwhile (the
        // common fork-join pool has one worker on two cores and left parser processes idle).
        forEachConcurrently(uploads.size(), i -> {
            Upload u = uploads.get(i);
            try {
                prepared[i] = prepare(u, labels);
            } catch (SubmissionRejected r) {
                outcomes[i] = new Outcome.Rejected(u.name(), r.type(), r.getMessage());
            }
        });
        java.util.Set<String> hashes = new java.util.HashSet<>();
        for (Prepared p : prepared) {
            if (p != null) {
                hashes.add(p.sha256());
            }
        }
        Map<String, ReportStore.Existing> existing = store.findBySha256(labels.originator(), hashes);
        Map<String, ReportId> inBatch = new java.util.HashMap<>();
        List<Integer> fresh = new java.util.ArrayList<>();
        List<ReportId> freshIds = new java.util.ArrayList<>();
        for (int i = 0; i < prepared.length; i++) {
            Prepared p = prepared[i];
            if (p == null) {
                continue;
            }
            ReportStore.Existing before = existing.get(p.sha256());
            if (before != null && !before.labels().equals(labels)) {
                // the same file again with other labels: a silent DUPLICATE would keep the old labels (an OFFEN
                // re-submission answered with a GEHEIM report's id); the submitter corrects that report deliberately
                outcomes[i] = new Outcome.Rejected(p.upload().name(), ProblemType.LABELS_DIFFER,
                        "this authority already submitted the same file as report " + before.id()
                                + " with other labels; correct that report instead of submitting the file again",
                        before.id());
                continue;
            }
            ReportId known = before != null ? before.id() : inBatch.get(p.sha256());
            if (known != null) {
                outcomes[i] = new Outcome.Done(p.upload().name(), new SubmissionResult.Duplicate(known));
                continue;
            }
            ReportId id = ReportId.random();
            inBatch.put(p.sha256(), id);
            fresh.add(i);
            freshIds.add(id);
        }
        if (fresh.isEmpty()) {
            return List.of(outcomes);
        }
        List<Original> small = new java.util.ArrayList<>();
        List<Integer> smallIdx = new java.util.ArrayList<>();
        Map<Integer, Vault.Stored> stored = new java.util.HashMap<>();
        Map<ReportId, Long> outboxRows = new java.util.HashMap<>();
        List<ReportStore.NewReport> rows = new java.util.ArrayList<>();
        List<ReportId> written = new java.util.ArrayList<>();
        List<String> writtenLocations = new java.util.ArrayList<>();
        try {
            for (int k = 0; k < fresh.size(); k++) {
                Prepared p = prepared[fresh.get(k)];
                // a single file gets its own CMS file; the small files of a batch share one pack (one force)
                if (p.size() <= Vault.PACK_LIMIT && fresh.size() > 1) {
                    small.add(p.upload().content());
                    smallIdx.add(k);
                } else {
                    stored.put(k, vault.store(freshIds.get(k), labels.originator(), p.upload().content()));
                    written.add(freshIds.get(k));
                    writtenLocations.add(null);
                }
            }
            if (!small.isEmpty()) {
                List<Vault.Stored> packed = vault.storeAll(labels.originator(), small);
                for (int j = 0; j < packed.size(); j++) {
                    stored.put(smallIdx.get(j), packed.get(j));
                    written.add(freshIds.get(smallIdx.get(j)));
                    writtenLocations.add(packed.get(j).location());
                }
            }
            CrashPoints.reached(CrashPoints.AFTER_VAULT_WRITE);
            // as PostgreSQL keeps it (microseconds), so that the document indexed from this submission and one read
            // back from the row are the same
            Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            for (int k = 0; k < fresh.size(); k++) {
                Prepared p = prepared[fresh.get(k)];
                ReportId id = freshIds.get(k);
                Vault.Stored s = stored.get(k);
                Provenance.Result signed = p.signed();
                rows.add(new ReportStore.NewReport(id, labels, submitter.userId(), now, p.sha256(), p.extraction().contentType(),
                        p.size(), p.extraction().text(), p.extraction().truncated(), p.extraction().language(),
                        normalised(id, labels, p.extraction(), p.sha256(), p.size(), p.selectors(), signed, p.warnings()),
                        p.selectors(),
                        s.kekId(), s.encryptedBytes(), signed == null ? "NONE" : signed.status().name(),
                        signed == null ? null : signed.signer(), s.location(), s.dataKey()));
            }
            tx.executeWithoutResult(status -> {
                store.insertAll(rows);
                jdbc.query(con -> {
                    var ps = con.prepareStatement("INSERT INTO index_outbox (report_id, action) "
                            + "SELECT unnest(?::uuid[]), 'INDEX' RETURNING id, report_id");
                    ps.setArray(1, con.createArrayOf("uuid", freshIds.stream().map(ReportId::value).toArray()));
                    return ps;
                }, rs -> {
                    outboxRows.put(new ReportId(rs.getObject(2, java.util.UUID.class)), rs.getLong(1));
                });
                // before the commit, whose notification wakes the indexers: so the documents are there when they look
                publishStored(rows, outboxRows);
            });
        } catch (RuntimeException e) {
            if (!commitInDoubt(e)) {
                for (int w = 0; w < written.size(); w++) {
                    vault.destroy(written.get(w), writtenLocations.get(w));
                }
            } // else the rows may be committed: the originals stay; the orphan janitor removes them if no row came
            throw e;
        }
        CrashPoints.reached(CrashPoints.AFTER_COMMIT);
        for (int k = 0; k < fresh.size(); k++) {
            int i = fresh.get(k);
            outcomes[i] = new Outcome.Done(prepared[i].upload().name(),
                    new SubmissionResult.Accepted(freshIds.get(k), prepared[i].warnings()));
        }
        log.info("submission of {} file(s) from {}: {} accepted", uploads.size(), labels.originator(), fresh.size());
        return List.of(outcomes);
    }

    /**
     * Tells the index what is being committed, so that it can index the reports without reading them back. Called
     * inside the transaction, right before its commit: when the commit fails, the documents are never used (outbox row
     * ids are not reused) and age out of the index's bounded holder. Never fails the submission; an outbox row whose
     * document is not there is read back.
     */
    private void publishStored(List<ReportStore.NewReport> rows, Map<ReportId, Long> outboxRows) {
        try {
            events.publishEvent(new ReportsStored(rows.stream().map(r -> new ReportsStored.Entry(outboxRows.get(r.id()),
                    new StoredReport(new ReportAccessView(r.id(), r.labels(), false, false), r.text(), r.contentType(),
                            r.sha256(), r.sizeBytes(), r.submittedAt(), r.submittedBy(), r.truncated(), r.language(),
                            r.normalisedJson(), r.selectors(), r.kekId(), r.signatureStatus(), r.signer(),
                            r.vaultLocation(), 1))).toList()));
        } catch (RuntimeException e) {
            log.warn("committed reports not handed to the index ({}); their outbox rows are read back instead",
                    e.getClass().getSimpleName());
        }
    }

    /**
     * Whether the database may have committed although the call failed: the connection broke (SQLSTATE class 08,
     * or 57P: the server shut down, as with a failover) or the commit itself failed. Then the outcome is unknown to
     * the hub — a synchronous standby may hold the commit and become the primary — and the originals must stay;
     * destroying them would leave committed rows whose data keys are gone (found by the fault test).
     */
    static boolean commitInDoubt(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.springframework.transaction.TransactionSystemException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /** A report's content superseded: its new version number, and the new file's extraction warnings. */
    public record Superseded(ReportId id, int version, List<ExtractionWarning> warnings) {}

    /**
     * Supersedes the content of one of the originator's live reports with a new file (lifecycle issue): the file
     * goes through the same checks, extraction and encryption as a submission (its original in its own vault file
     * {@code <id>.v<N>.p7m}, with its own data key); in one transaction the current version moves into
     * {@code report_version} and the report row takes the new content, and the outbox re-indexes it, so that only the
     * current version is searchable. Earlier versions stay readable to the originator's analysts. Labels do not
     * change (they are corrected on their own). Audited with the reason.
     *
     * @throws SubmissionRejected for a file a submission would refuse, or one that is the current content already
     */
    public Superseded supersede(Subject subject, ReportId id, Upload upload, @Nullable String reason) {
        AuditEvent.Builder refused = AuditEvent.by(subject, AuditAction.SUPERSEDE).report(id);
        if (!subject.has(Role.SUBMITTER) && !subject.has(Role.APPROVER)) {
            throw new IllegalStateException("caller must check the role");
        }
        Optional<de.verbund.access.policy.ReportAccessView> view = store.findView(id)
                .filter(v -> !v.erased() && v.labels().originator().equals(subject.authority()));
        if (view.isEmpty()) {
            audit.record(AuditEvent.by(subject, AuditAction.SUPERSEDE).rule("NOT_OWN_REPORT").outcome(AuditOutcome.NOT_FOUND));
            throw new SubmissionRejected(ProblemType.NOT_FOUND, "No such report.");
        }
        if (!FreeText.isReason(reason)) {
            audit.record(refused.rule("REASON_REQUIRED").outcome(AuditOutcome.REJECTED));
            throw new SubmissionRejected(ProblemType.INVALID_DECISION,
                    "A 'reason' is required (up to " + FreeText.MAX_REASON + " characters, no control characters).");
        }
        if (view.get().restricted()) {
            audit.record(refused.rule("RESTRICTED").outcome(AuditOutcome.REJECTED));
            throw new SubmissionRejected(ProblemType.ALREADY_DECIDED,
                    "The report is restricted; lift the restriction before superseding its content.");
        }
        Labels labels = view.get().labels();
        Prepared p;
        try {
            p = prepare(upload, labels);
            Optional<ReportId> same = store.findBySha256(labels.originator(), p.sha256());
            if (same.isPresent()) {
                throw new SubmissionRejected(ProblemType.LABELS_DIFFER, same.get().equals(id)
                        ? "the file is the report's current content already"
                        : "this authority holds the same file as report " + same.get(), same.get());
            }
        } catch (SubmissionRejected r) {
            audit.record(refused.rule(SUBMISSION_RULE).detail(r.type().slug()).outcome(AuditOutcome.REJECTED));
            throw r;
        }
        Instant now = clock.instant();
        Prepared file = p;
        int[] written = {0};
        Integer version;
        try {
            version = tx.execute(status -> {
                int next = jdbc.queryForObject("SELECT version FROM report WHERE id = ? FOR UPDATE", Integer.class,
                        id.value()) + 1;
                Vault.Stored stored = vault.storeVersion(id, next, labels.originator(), file.upload().content());
                written[0] = next;
                try {
                    jdbc.update("""
                            INSERT INTO report_version (report_id, version, sha256, content_type, size_bytes, text, text_sealed,
                                   text_truncated, language, normalised, normalised_sealed, selectors, kek_id, encrypted_bytes,
                                   signature_status, signer, vault_location, stored_at, superseded_at, superseded_by, reason)
                            SELECT id, version, sha256, content_type, size_bytes, text, text_sealed, text_truncated, language,
                                   normalised, normalised_sealed, selectors, kek_id, encrypted_bytes, signature_status, signer,
                                   vault_location, submitted_at, ?, ?, ? FROM report WHERE id = ?""",
                            java.sql.Timestamp.from(now), subject.userName(), reason, id.value());
                    Provenance.Result signed = file.signed();
                    String normalisedJson = normalised(id, labels, file.extraction(), file.sha256(), file.size(),
                            file.selectors(), signed, file.warnings());
                    jdbc.update(con -> {
                        var ps = con.prepareStatement("""
                                UPDATE report SET version = ?, sha256 = ?, content_type = ?, size_bytes = ?, text = NULL,
                                       normalised = NULL, text_sealed = ?, normalised_sealed = ?, text_truncated = ?,
                                       language = ?, selectors = ?, kek_id = ?, encrypted_bytes = ?, signature_status = ?,
                                       signer = ?, vault_location = ?, submitted_at = ?
                                WHERE id = ?""");
                        int i = 1;
                        ps.setInt(i++, next);
                        ps.setString(i++, file.sha256());
                        ps.setString(i++, file.extraction().contentType());
                        ps.setLong(i++, file.size());
                        ps.setBytes(i++, de.verbund.ingest.crypto.SealedField.seal(stored.dataKey(), id,
                                de.verbund.ingest.crypto.SealedField.Field.TEXT, file.extraction().text()));
                        ps.setBytes(i++, de.verbund.ingest.crypto.SealedField.seal(stored.dataKey(), id,
                                de.verbund.ingest.crypto.SealedField.Field.NORMALISED, normalisedJson));
                        ps.setBoolean(i++, file.extraction().truncated());
                        ps.setString(i++, file.extraction().language());
                        ps.setArray(i++, con.createArrayOf("text", file.selectors().toArray()));
                        ps.setString(i++, stored.kekId());
                        ps.setLong(i++, stored.encryptedBytes());
                        ps.setString(i++, signed == null ? "NONE" : signed.status().name());
                        ps.setString(i++, signed == null ? null : signed.signer());
                        ps.setString(i++, stored.location());
                        ps.setTimestamp(i++, java.sql.Timestamp.from(now));
                        ps.setObject(i, id.value());
                        return ps;
                    });
                    jdbc.update("INSERT INTO index_outbox (report_id, action) VALUES (?, 'INDEX')", id.value());
                } finally {
                    stored.dataKey().wipe();
                }
                return next;
            });
        } catch (RuntimeException e) {
            if (written[0] > 0 && !commitInDoubt(e)) {
                vault.destroy(id, "version:" + written[0]);
            }
            audit.record(refused.rule(SUBMISSION_RULE).detail(e instanceof Problem pr ? pr.type().slug()
                    : e.getClass().getSimpleName()).outcome(AuditOutcome.REJECTED));
            throw e;
        }
        audit.record(AuditEvent.by(subject, AuditAction.SUPERSEDE).purpose(reason, null).report(id)
                .rule("ORIGINATOR_" + (subject.has(Role.APPROVER) ? "APPROVER" : "SUBMITTER"))
                .detail("version " + version + ", sha256=" + file.sha256()).outcome(AuditOutcome.OK));
        return new Superseded(id, version, file.warnings());
    }

    /** Size, hash, provenance, text and selectors of one file; refuses it with its problem type. */
    private Prepared prepare(Upload u, Labels labels) {
        if (!FreeText.isClean(u.name())) {
            throw new SubmissionRejected(ProblemType.FILE_NAME_INVALID,
                    "the file name contains control characters or line separators");
        }
        try {
            long size = u.content().size();
            if (size == 0) {
                throw new SubmissionRejected(ProblemType.EMPTY_FILE, "the file is empty");
            }
            if (size > maxFileBytes) {
                throw new SubmissionRejected(ProblemType.FILE_TOO_LARGE, "the file exceeds the limit of " + maxFileBytes + " bytes");
            }
            String sha = sha256(u.content());
            Provenance.Result signed = null;
            if (u.signature() != null && u.signature().length > 0) {
                try {
                    signed = provenance.verify(u.content(), u.signature(), labels.originator());
                } catch (Provenance.SignatureInvalid e) {
                    throw new SubmissionRejected(ProblemType.SIGNATURE_INVALID, e.getMessage());
                }
            }
            Optional<Extraction> plain = PlainText.tryDecode(u.content(), u.name(), maxCharacters);
            Extraction e = plain.isPresent() ? plain.get() : parseIsolated(u);
            List<String> selectors = Selectors.extract(e.text() + "\n" + nullToEmpty(e.author()) + "\n"
                    + nullToEmpty(e.title())).stream().map(Selector::key).toList();
            return new Prepared(u, size, sha, e, selectors, signed, ExtractionWarning.of(u.name(), e));
        } catch (ExtractionFailed f) {
            throw new SubmissionRejected(f.reason(), f.getMessage());
        } catch (IOException f) {
            throw new SubmissionRejected(ProblemType.UNREADABLE_FILE, "the uploaded file could not be read");
        }
    }

    private static void forEachConcurrently(int count, java.util.function.IntConsumer task) {
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(executor.submit(() -> task.accept(index)));
            }
            for (java.util.concurrent.Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while preparing a batch", e);
                }
            }
        }
    }

    private static String normalised(ReportId id, Labels labels, Extraction e, String sha256, long size,
                                     List<String> selectors, Provenance.@Nullable Result signed,
                                     List<ExtractionWarning> warnings) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schemaVersion", SCHEMA_VERSION);
        doc.put("id", id.toString());
        doc.put("title", labels.title());
        doc.put("language", e.language());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("contentType", e.contentType());
        metadata.put("title", e.title());
        metadata.put("author", e.author());
        metadata.put("created", e.created());
        doc.put("metadata", metadata);
        doc.put("sha256", sha256);
        doc.put("sizeBytes", size);
        doc.put("truncated", e.truncated());
        doc.put("embeddedLimitReached", e.embeddedLimitReached());
        doc.put("documents", e.documents());
        doc.put("selectors", selectors);
        doc.put("warnings", warnings.stream().map(ExtractionWarning::code).toList());
        doc.put("signature", signed == null ? Map.of("status", "NONE")
                : Map.of("status", signed.status().name(), "signer", signed.signer()));
        return JSON.writeValueAsString(doc);
    }

    private static String nullToEmpty(@Nullable String s) {
        return s == null ? "" : s;
    }

    /** Parses a file in a parser process, which reads it from a file: an original held in memory is written out. */
    private Extraction parseIsolated(Upload u) throws IOException {
        if (u.content() instanceof Original.OnDisk disk) {
            return extractor.extract(disk.file(), u.name());
        }
        Path file = Files.createTempFile("verbund-upload-", ".bin");
        try {
            Files.write(file, u.content().bytes());
            return extractor.extract(file, u.name());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static String sha256(Original original) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            if (original instanceof Original.InMemory) {
                digest.update(original.bytes());
            } else { // streamed: a file on disk may be up to the upload limit
                try (InputStream in = new DigestInputStream(original.open(), digest)) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

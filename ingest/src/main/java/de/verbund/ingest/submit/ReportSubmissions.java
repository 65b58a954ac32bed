package de.verbund.ingest.submit;

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
import de.verbund.access.policy.ReportId;
import de.verbund.access.subject.Role;
import de.verbund.access.subject.Subject;
import de.verbund.ingest.crypto.Provenance;
import de.verbund.ingest.crypto.Vault;
import de.verbund.ingest.extract.Extraction;
import de.verbund.ingest.extract.ExtractionFailed;
import de.verbund.ingest.extract.IsolatedExtractor;
import de.verbund.ingest.extract.PlainText;
import de.verbund.ingest.selector.Selector;
import de.verbund.ingest.selector.Selectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts a submission (BRIEF "Architecture", § 14 BKAG): labels checked, text extracted in an isolated parser
 * process, selectors found, the original encrypted into the vault (fsync), then the report row and its outbox
 * entry committed in one PostgreSQL transaction. Only then is the submission acknowledged; indexing follows
 * from the outbox. A failure at any step leaves nothing behind (a vault file without row is removed at once,
 * or by the janitor after a crash).
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
    private final long maxFileBytes;
    private final int maxCharacters;
    private final Clock clock = Clock.systemUTC();

    ReportSubmissions(ReportStore store, IsolatedExtractor extractor, Vault vault, JdbcTemplate jdbc, TransactionTemplate tx,
                      @Value("${verbund.ingest.max-file-bytes:104857600}") long maxFileBytes,
                      @Value("${verbund.crypto.trust-dir:trust}") Path trustDir,
                      @Value("${verbund.extract.max-characters:10000000}") int maxCharacters) {
        this.store = store;
        this.extractor = extractor;
        this.vault = vault;
        this.provenance = new Provenance(trustDir);
        this.jdbc = jdbc;
        this.tx = tx;
        this.maxFileBytes = maxFileBytes;
        this.maxCharacters = maxCharacters;
    }

    /**
     * @param file the uploaded bytes, owned by the caller (who deletes it)
     * @param signature optional detached CMS signature over the file
     * @throws de.verbund.access.label.LabelInvalid for a missing or unknown label
     * @throws SubmissionRejected for a file that cannot be accepted; its type names the reason
     */
    public SubmissionResult submit(Subject submitter, Map<String, ?> rawLabels, Path file, String fileName,
                                   byte @Nullable [] signature) {
        if (!submitter.has(Role.SUBMITTER)) {
            throw new IllegalStateException("caller must check the submitter role");
        }
        Labels labels = Labels.fromSubmission(rawLabels, submitter.authority(), LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        long size;
        String sha256;
        try {
            size = Files.size(file);
            if (size == 0) {
                throw new SubmissionRejected("empty-file", "the file is empty");
            }
            if (size > maxFileBytes) {
                throw new SubmissionRejected("file-too-large", "the file exceeds the limit of " + maxFileBytes + " bytes");
            }
            sha256 = sha256(file);
        } catch (IOException e) {
            throw new SubmissionRejected("unreadable-file", "the uploaded file could not be read");
        }
        var existing = store.findBySha256(labels.originator(), sha256);
        if (existing.isPresent()) {
            return new SubmissionResult.Duplicate(existing.get());
        }
        Provenance.Result signed = null;
        if (signature != null && signature.length > 0) {
            try {
                signed = provenance.verify(file, signature, labels.originator());
            } catch (Provenance.SignatureInvalid e) {
                throw new SubmissionRejected("signature-invalid", e.getMessage());
            }
        }
        Extraction extraction;
        try {
            extraction = PlainText.tryDecode(file, fileName, maxCharacters)
                    .orElseGet(() -> extractor.extract(file, fileName));
        } catch (ExtractionFailed e) {
            throw new SubmissionRejected(e.reason(), e.getMessage());
        } catch (IOException e) {
            throw new SubmissionRejected("unreadable-file", "the uploaded file could not be read");
        }
        List<String> selectors = Selectors.extract(extraction.text() + "\n" + nullToEmpty(extraction.author())
                + "\n" + nullToEmpty(extraction.title())).stream().map(Selector::key).toList();

        ReportId id = ReportId.random();
        Instant now = clock.instant();
        Vault.Stored stored = vault.store(id, labels.originator(), file);
        CrashPoints.reached(CrashPoints.AFTER_VAULT_WRITE);
        String normalised = normalised(id, labels, extraction, sha256, size, selectors, signed);
        ReportStore.NewReport row = new ReportStore.NewReport(id, labels, submitter.userId(), now, sha256,
                extraction.contentType(), size, extraction.text(), extraction.truncated(), extraction.language(),
                normalised, selectors, stored.kekId(), stored.encryptedBytes(),
                signed == null ? "NONE" : signed.status().name(), signed == null ? null : signed.signer(), null);
        try {
            tx.executeWithoutResult(status -> {
                store.insert(row);
                jdbc.update("INSERT INTO index_outbox (report_id, action) VALUES (?, 'INDEX')", id.value());
            });
        } catch (DuplicateKeyException e) {
            vault.destroy(id);
            // a concurrent submission of the same bytes by the same originator won the race
            return store.findBySha256(labels.originator(), sha256)
                    .<SubmissionResult>map(SubmissionResult.Duplicate::new)
                    .orElseThrow(() -> e);
        } catch (RuntimeException e) {
            vault.destroy(id);
            throw e;
        }
        CrashPoints.reached(CrashPoints.AFTER_COMMIT);
        log.info("report {} accepted from {} ({} bytes, {}, {} selectors)", id, labels.originator(), size,
                extraction.contentType(), selectors.size());
        return new SubmissionResult.Accepted(id);
    }

    /** One file of a batch. */
    public record Upload(Path file, String name) {}

    /** What became of one file of a batch. */
    public sealed interface BatchOutcome {
        String name();

        record Done(String name, SubmissionResult result) implements BatchOutcome {}

        record Rejected(String name, String type, String detail) implements BatchOutcome {}
    }

    private record Prepared(Upload upload, long size, String sha256, Extraction extraction, List<String> selectors) {}

    /**
     * Submits many files with the same labels: parsed in parallel, the small originals encrypted each with its own
     * data key and made durable together in a vault pack (one force), all rows and outbox entries committed in one
     * transaction. A file that is rejected does not stop the others; the batch is acknowledged only after the
     * commit. Throughput is the point: a case system exporting thousands of reports pays one fsync per batch.
     */
    public List<BatchOutcome> submitBatch(Subject submitter, Map<String, ?> rawLabels, List<Upload> uploads) {
        try {
            return submitBatchOnce(submitter, rawLabels, uploads);
        } catch (DuplicateKeyException e) {
            // a concurrent batch stored some of the same files first; the second pass answers them as duplicates
            return submitBatchOnce(submitter, rawLabels, uploads);
        }
    }

    private List<BatchOutcome> submitBatchOnce(Subject submitter, Map<String, ?> rawLabels, List<Upload> uploads) {
        if (!submitter.has(Role.SUBMITTER)) {
            throw new IllegalStateException("caller must check the submitter role");
        }
        Labels labels = Labels.fromSubmission(rawLabels, submitter.authority(), LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        BatchOutcome[] outcomes = new BatchOutcome[uploads.size()];
        Prepared[] prepared = new Prepared[uploads.size()];
        // One virtual thread per file: parsing waits for a free parser process, so as many files as there are
        // processes are always being parsed, while hashing and selector extraction use the cores meanwhile (the
        // common fork-join pool has one worker on two cores and left parser processes idle).
        forEachConcurrently(uploads.size(), i -> {
            Upload u = uploads.get(i);
            try {
                long size = Files.size(u.file());
                if (size == 0) {
                    outcomes[i] = new BatchOutcome.Rejected(u.name(), "empty-file", "the file is empty");
                    return;
                }
                if (size > maxFileBytes) {
                    outcomes[i] = new BatchOutcome.Rejected(u.name(), "file-too-large", "the file exceeds the limit");
                    return;
                }
                String sha = sha256(u.file());
                Extraction e = PlainText.tryDecode(u.file(), u.name(), maxCharacters)
                        .orElseGet(() -> extractor.extract(u.file(), u.name()));
                List<String> selectors = Selectors.extract(e.text() + "\n" + nullToEmpty(e.author()) + "\n"
                        + nullToEmpty(e.title())).stream().map(Selector::key).toList();
                prepared[i] = new Prepared(u, size, sha, e, selectors);
            } catch (ExtractionFailed f) {
                outcomes[i] = new BatchOutcome.Rejected(u.name(), f.reason(), f.getMessage());
            } catch (IOException f) {
                outcomes[i] = new BatchOutcome.Rejected(u.name(), "unreadable-file", "the file could not be read");
            }
        });
        java.util.Set<String> hashes = new java.util.HashSet<>();
        for (Prepared p : prepared) {
            if (p != null) {
                hashes.add(p.sha256());
            }
        }
        Map<String, ReportId> existing = store.findBySha256(labels.originator(), hashes);
        Map<String, ReportId> inBatch = new java.util.HashMap<>();
        List<Integer> fresh = new java.util.ArrayList<>();
        List<ReportId> freshIds = new java.util.ArrayList<>();
        for (int i = 0; i < prepared.length; i++) {
            Prepared p = prepared[i];
            if (p == null) {
                continue;
            }
            ReportId known = existing.getOrDefault(p.sha256(), inBatch.get(p.sha256()));
            if (known != null) {
                outcomes[i] = new BatchOutcome.Done(p.upload().name(), new SubmissionResult.Duplicate(known));
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
        List<Path> small = new java.util.ArrayList<>();
        List<Integer> smallIdx = new java.util.ArrayList<>();
        Map<Integer, Vault.Stored> stored = new java.util.HashMap<>();
        List<ReportId> written = new java.util.ArrayList<>();
        List<String> writtenLocations = new java.util.ArrayList<>();
        try {
            for (int k = 0; k < fresh.size(); k++) {
                Prepared p = prepared[fresh.get(k)];
                if (p.size() <= Vault.PACK_LIMIT) {
                    small.add(p.upload().file());
                    smallIdx.add(k);
                } else {
                    stored.put(k, vault.store(freshIds.get(k), labels.originator(), p.upload().file()));
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
            Instant now = clock.instant();
            List<ReportStore.NewReport> rows = new java.util.ArrayList<>();
            for (int k = 0; k < fresh.size(); k++) {
                Prepared p = prepared[fresh.get(k)];
                ReportId id = freshIds.get(k);
                Vault.Stored s = stored.get(k);
                rows.add(new ReportStore.NewReport(id, labels, submitter.userId(), now, p.sha256(), p.extraction().contentType(),
                        p.size(), p.extraction().text(), p.extraction().truncated(), p.extraction().language(),
                        normalised(id, labels, p.extraction(), p.sha256(), p.size(), p.selectors(), null), p.selectors(),
                        s.kekId(), s.encryptedBytes(), "NONE", null, s.location()));
            }
            tx.executeWithoutResult(status -> {
                store.insertAll(rows);
                jdbc.batchUpdate("INSERT INTO index_outbox (report_id, action) VALUES (?, 'INDEX')",
                        freshIds.stream().map(id -> new Object[] {id.value()}).toList());
            });
        } catch (RuntimeException e) {
            for (int w = 0; w < written.size(); w++) {
                vault.destroy(written.get(w), writtenLocations.get(w));
            }
            throw e;
        }
        CrashPoints.reached(CrashPoints.AFTER_COMMIT);
        for (int k = 0; k < fresh.size(); k++) {
            int i = fresh.get(k);
            outcomes[i] = new BatchOutcome.Done(prepared[i].upload().name(), new SubmissionResult.Accepted(freshIds.get(k)));
        }
        log.info("batch of {} from {}: {} accepted", uploads.size(), labels.originator(), fresh.size());
        return List.of(outcomes);
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
                                     List<String> selectors, Provenance.@Nullable Result signed) {
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
        doc.put("signature", signed == null ? Map.of("status", "NONE")
                : Map.of("status", signed.status().name(), "signer", signed.signer()));
        return JSON.writeValueAsString(doc);
    }

    private static String nullToEmpty(@Nullable String s) {
        return s == null ? "" : s;
    }

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

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
import java.util.Map;

import de.verbund.access.label.Labels;
import de.verbund.access.policy.ReportId;
import de.verbund.access.subject.Role;
import de.verbund.access.subject.Subject;
import de.verbund.ingest.extract.Extracted;
import de.verbund.ingest.extract.ExtractionFailed;
import de.verbund.ingest.extract.TextExtractor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accepts a submission: checks the labels (§ 14 BKAG: unlabelled data is not processed), extracts the text,
 * and stores the report row together with its outbox entry in one PostgreSQL transaction. Only after the commit
 * is the submission acknowledged; indexing follows from the outbox.
 */
@Service
public class ReportSubmissions {

    private static final Logger log = LoggerFactory.getLogger(ReportSubmissions.class);

    private final ReportStore store;
    private final TextExtractor extractor;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    ReportSubmissions(ReportStore store, TextExtractor extractor, JdbcTemplate jdbc, TransactionTemplate tx) {
        this.store = store;
        this.extractor = extractor;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = Clock.systemUTC();
    }

    /**
     * @param file the uploaded bytes, owned by the caller (who deletes it)
     * @throws de.verbund.access.label.LabelInvalid for a missing or unknown label
     * @throws SubmissionRejected for a file that cannot be accepted
     */
    public SubmissionResult submit(Subject submitter, Map<String, ?> rawLabels, Path file, String fileName) {
        if (!submitter.has(Role.SUBMITTER)) {
            throw new IllegalStateException("caller must check the submitter role");
        }
        Labels labels = Labels.fromSubmission(rawLabels, submitter.authority(), LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        long size;
        String sha256;
        try {
            size = Files.size(file);
            sha256 = sha256(file);
        } catch (IOException e) {
            throw new SubmissionRejected("unreadable-file", "the uploaded file could not be read");
        }
        if (size == 0) {
            throw new SubmissionRejected("empty-file", "the file is empty");
        }
        var existing = store.findBySha256(labels.originator(), sha256);
        if (existing.isPresent()) {
            return new SubmissionResult.Duplicate(existing.get());
        }
        Extracted extracted;
        try {
            extracted = extractor.extract(file, fileName);
        } catch (ExtractionFailed e) {
            throw new SubmissionRejected("unparseable-file", e.reason());
        }
        ReportId id = ReportId.random();
        Instant now = clock.instant();
        try {
            tx.executeWithoutResult(status -> {
                store.insert(id, labels, submitter.userId(), now, sha256, extracted.contentType(), size,
                        extracted.text().replace("\u0000", ""), extracted.truncated());
                jdbc.update("INSERT INTO index_outbox (report_id, action) VALUES (?, 'INDEX')", id.value());
            });
        } catch (DuplicateKeyException e) {
            // a concurrent submission of the same bytes by the same originator won the race
            return store.findBySha256(labels.originator(), sha256)
                    .<SubmissionResult>map(SubmissionResult.Duplicate::new)
                    .orElseThrow(() -> e);
        }
        log.info("report {} accepted from {} ({} bytes, {})", id, labels.originator(), size, extracted.contentType());
        return new SubmissionResult.Accepted(id);
    }

    private static String sha256(Path file) throws IOException {
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

package de.verbund.search.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import de.verbund.access.label.Labels;
import de.verbund.access.subject.Subject;
import de.verbund.ingest.crypto.Vault;
import de.verbund.search.query.ReportSearch;
import de.verbund.search.query.SearchResult;
import de.verbund.ingest.submit.StoredReport;
import de.verbund.ingest.submit.SubmissionRejected;
import de.verbund.ingest.submit.SubmissionResult;
import de.verbund.ingest.submit.ReportSubmissions;
import de.verbund.search.security.SubjectAuthentication;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/reports} (submitter) and {@code GET /api/v1/reports/{id}} (analyst). A read is checked
 * against the stored labels before any byte leaves; what the caller may not read answers exactly like an id
 * that never existed.
 */
@RestController
@RequestMapping("/api/v1/reports")
class ReportController {

    private static final JsonMapper LABELS_JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final ReportSubmissions submissions;
    private final ReportReads reads;
    private final Vault vault;
    private final ReportSearch search;
    private final Audits audits;

    ReportController(ReportSubmissions submissions, ReportReads reads, Vault vault, ReportSearch search, Audits audits) {
        this.submissions = submissions;
        this.reads = reads;
        this.vault = vault;
        this.search = search;
        this.audits = audits;
    }

    record Submitted(String id, String status) {}

    @PostMapping(consumes = "multipart/form-data")
    ResponseEntity<Submitted> submit(@RequestPart("file") MultipartFile file, @RequestPart("labels") String labelsJson,
                                     @RequestPart(name = "signature", required = false) @Nullable MultipartFile signature,
                                     SubjectAuthentication auth) throws IOException {
        Subject subject = auth.subject();
        Map<String, Object> raw = parseLabels(labelsJson);
        Path tmp = Files.createTempFile("verbund-upload-", ".bin");
        try {
            try (InputStream in = file.getInputStream()) {
                Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            String name = file.getOriginalFilename() == null ? "upload" : file.getOriginalFilename();
            SubmissionResult result;
            try {
                byte[] sig = signature == null ? null : signature.getBytes();
                result = submissions.submit(subject, raw, tmp, name, sig);
            } catch (RuntimeException e) {
                audits.record(subject, "SUBMIT", null, List.of(), "REJECTED", "LABELS_AND_FILE",
                        e instanceof SubmissionRejected r ? r.type() : e.getClass().getSimpleName());
                throw e;
            }
            boolean duplicate = result instanceof SubmissionResult.Duplicate;
            audits.record(subject, "SUBMIT", null, List.of(result.id().toString()), duplicate ? "DUPLICATE" : "OK",
                    "ROLE_SUBMITTER", null);
            return ResponseEntity.status(duplicate ? HttpStatus.OK : HttpStatus.CREATED)
                    .header("Location", "/api/v1/reports/" + result.id())
                    .body(new Submitted(result.id().toString(), duplicate ? "DUPLICATE" : "ACCEPTED"));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    record BatchItem(String file, String status, @Nullable String id, @Nullable String problemType, @Nullable String detail) {}

    record BatchResult(int accepted, int duplicates, int rejected, List<BatchItem> results) {}

    static final int MAX_BATCH = 1000;

    /**
     * {@code POST /api/v1/reports/batch}: many files ({@code file} parts) with one {@code labels} part. Each file gets
     * its own outcome; the answer comes after all accepted files are durable (one vault force, one commit).
     */
    @PostMapping(path = "/batch", consumes = "multipart/form-data")
    BatchResult submitBatch(@RequestPart("file") List<MultipartFile> files, @RequestPart("labels") String labelsJson,
                            SubjectAuthentication auth) throws IOException {
        Subject subject = auth.subject();
        if (files.isEmpty() || files.size() > MAX_BATCH) {
            throw new SubmissionRejected("batch-size", "a batch holds 1 to " + MAX_BATCH + " files");
        }
        Map<String, Object> raw = parseLabels(labelsJson);
        List<Path> temp = new java.util.ArrayList<>();
        try {
            List<ReportSubmissions.Upload> uploads = new java.util.ArrayList<>();
            for (MultipartFile file : files) {
                Path tmp = Files.createTempFile("verbund-batch-", ".bin");
                temp.add(tmp);
                try (InputStream in = file.getInputStream()) {
                    Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                uploads.add(new ReportSubmissions.Upload(tmp, file.getOriginalFilename() == null ? "upload" : file.getOriginalFilename()));
            }
            List<ReportSubmissions.BatchOutcome> outcomes;
            try {
                outcomes = submissions.submitBatch(subject, raw, uploads);
            } catch (RuntimeException e) {
                audits.record(subject, "SUBMIT", null, List.of(), "REJECTED", "LABELS_AND_FILE",
                        e instanceof SubmissionRejected r ? r.type() : e.getClass().getSimpleName());
                throw e;
            }
            List<BatchItem> items = new java.util.ArrayList<>();
            List<de.verbund.access.audit.AuditEvent> events = new java.util.ArrayList<>();
            int accepted = 0;
            int duplicates = 0;
            for (ReportSubmissions.BatchOutcome outcome : outcomes) {
                if (outcome instanceof ReportSubmissions.BatchOutcome.Done done) {
                    boolean duplicate = done.result() instanceof SubmissionResult.Duplicate;
                    events.add(audits.event(subject, "SUBMIT", null, List.of(done.result().id().toString()),
                            duplicate ? "DUPLICATE" : "OK", "ROLE_SUBMITTER", "batch"));
                    items.add(new BatchItem(done.name(), duplicate ? "DUPLICATE" : "ACCEPTED", done.result().id().toString(), null, null));
                    if (duplicate) {
                        duplicates++;
                    } else {
                        accepted++;
                    }
                } else if (outcome instanceof ReportSubmissions.BatchOutcome.Rejected rejected) {
                    events.add(audits.event(subject, "SUBMIT", null, List.of(), "REJECTED", "LABELS_AND_FILE", rejected.type()));
                    items.add(new BatchItem(rejected.name(), "REJECTED", null, "urn:verbund:problem:" + rejected.type(),
                            rejected.detail()));
                }
            }
            audits.recordAll(events);
            return new BatchResult(accepted, duplicates, items.size() - accepted - duplicates, items);
        } finally {
            for (Path tmp : temp) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** What a reader gets: labels (handling code and note travel with the content), text and provenance. */
    record ReportView(String id, Labels labels, String text, boolean textTruncated, String contentType,
                      String sha256, long sizeBytes, Instant submittedAt, String language, List<String> selectors,
                      tools.jackson.databind.JsonNode normalised, String signatureStatus) {}

    @GetMapping("/{id}")
    ReportView read(@PathVariable String id, Purpose purpose, SubjectAuthentication auth) {
        Subject subject = auth.subject();
        ReportReads.Readable readable = reads.require(subject, id, purpose, "READ");
        StoredReport report = readable.report();
        audits.record(subject, "READ", purpose, List.of(report.view().id().toString()), "OK",
                readable.decision().rule().name(), null);
        return new ReportView(report.view().id().toString(), report.view().labels(), report.text(),
                report.textTruncated(), report.contentType(), report.sha256(), report.sizeBytes(), report.submittedAt(),
                report.language(), report.selectors(), LABELS_JSON.readTree(report.normalised()), report.signatureStatus());
    }

    /**
     * The decrypted original, streamed. Served as an attachment with the handling code and note in headers
     * ({@code Verbund-Handling-Code}, {@code Verbund-Handling-Note}), so the restriction travels with the file.
     */
    @GetMapping("/{id}/original")
    ResponseEntity<StreamingResponseBody> original(@PathVariable String id, Purpose purpose,
                                                   SubjectAuthentication auth) {
        Subject subject = auth.subject();
        ReportReads.Readable readable = reads.require(subject, id, purpose, "DOWNLOAD");
        StoredReport report = readable.report();
        var stream = vault.open(report.view().id(), report.vaultLocation());
        if (stream.isEmpty()) {
            audits.record(subject, "DOWNLOAD", purpose, List.of(report.view().id().toString()), "NOT_FOUND",
                    "ORIGINAL_MISSING", null);
            throw new ReportNotFound();
        }
        audits.record(subject, "DOWNLOAD", purpose, List.of(report.view().id().toString()), "OK",
                readable.decision().rule().name(), null);
        var labels = report.view().labels();
        StreamingResponseBody body = out -> {
            try (InputStream in = stream.get()) {
                in.transferTo(out);
            }
        };
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(org.springframework.http.MediaType.APPLICATION_OCTET_STREAM);
        headers.setContentDisposition(org.springframework.http.ContentDisposition.attachment()
                .filename(report.view().id() + ".bin").build());
        headers.set("Verbund-Original-Content-Type", report.contentType().replaceAll("[\\r\\n]", ""));
        headers.set("Verbund-Handling-Code", labels.handlingCode().name());
        if (labels.handlingNote() != null) {
            headers.set("Verbund-Handling-Note", java.net.URLEncoder.encode(labels.handlingNote(), java.nio.charset.StandardCharsets.UTF_8));
        }
        headers.set("Verbund-Sha256", report.sha256());
        headers.setCacheControl("no-store");
        return ResponseEntity.ok().headers(headers).body(body);
    }

    /** Readable reports that share selectors with this one. */
    @GetMapping("/{id}/related")
    SearchResult related(@PathVariable String id, Purpose purpose, SubjectAuthentication auth) throws IOException {
        Subject subject = auth.subject();
        ReportReads.Readable readable = reads.require(subject, id, purpose, "RELATED");
        SearchResult result = search.related(subject, readable.report().view().id(), readable.report().selectors(),
                readable.grants());
        List<String> ids = new java.util.ArrayList<>();
        ids.add(readable.report().view().id().toString());
        result.hits().forEach(h -> ids.add(h.id()));
        audits.record(subject, "RELATED", purpose, ids, "OK", "NEED_TO_KNOW_FILTER", "total=" + result.total());
        return result;
    }

    private static Map<String, Object> parseLabels(String labelsJson) {
        try {
            Object value = LABELS_JSON.readValue(labelsJson, Object.class);
            if (!(value instanceof Map<?, ?> map)) {
                throw new SubmissionRejected("labels-malformed", "'labels' must be a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> labels = (Map<String, Object>) map;
            return labels;
        } catch (JacksonException e) {
            throw new SubmissionRejected("labels-malformed", "'labels' is not valid JSON");
        }
    }
}

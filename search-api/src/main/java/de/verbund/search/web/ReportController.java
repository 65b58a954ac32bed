package de.verbund.search.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import de.verbund.access.label.Labels;
import de.verbund.access.policy.AccessDecision;
import de.verbund.access.policy.NeedToKnow;
import de.verbund.access.policy.ReportId;
import de.verbund.access.subject.Subject;
import de.verbund.ingest.submit.ReportStore;
import de.verbund.ingest.submit.StoredReport;
import de.verbund.ingest.submit.SubmissionRejected;
import de.verbund.ingest.submit.SubmissionResult;
import de.verbund.ingest.submit.ReportSubmissions;
import de.verbund.search.security.SubjectAuthentication;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
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
    private final ReportStore store;
    private final Audits audits;

    ReportController(ReportSubmissions submissions, ReportStore store, Audits audits) {
        this.submissions = submissions;
        this.store = store;
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

    /** What a reader gets: labels (handling code and note travel with the content), text and provenance. */
    record ReportView(String id, Labels labels, String text, boolean textTruncated, String contentType,
                      String sha256, long sizeBytes, Instant submittedAt, String language, List<String> selectors,
                      tools.jackson.databind.JsonNode normalised, String signatureStatus) {}

    @GetMapping("/{id}")
    ReportView read(@PathVariable String id,
                    @RequestParam(name = "purpose", required = false) @Nullable String purposeParam,
                    @RequestParam(name = "caseReference", required = false) @Nullable String caseParam,
                    @RequestHeader(name = "Verbund-Purpose", required = false) @Nullable String purposeHeader,
                    @RequestHeader(name = "Verbund-Case-Reference", required = false) @Nullable String caseHeader,
                    SubjectAuthentication auth) {
        Subject subject = auth.subject();
        Purpose purpose = Purpose.require(purposeParam != null ? purposeParam : purposeHeader,
                caseParam != null ? caseParam : caseHeader);
        var reportId = ReportId.parse(id);
        var stored = reportId.flatMap(store::find);
        if (stored.isEmpty()) {
            audits.record(subject, "READ", purpose, reportId.map(r -> List.of(r.toString())).orElse(List.of()),
                    "NOT_FOUND", "UNKNOWN_ID", null);
            throw new ReportNotFound();
        }
        StoredReport report = stored.get();
        AccessDecision decision = NeedToKnow.decide(subject, report.view(), Set.of());
        if (!decision.granted()) {
            audits.record(subject, "READ", purpose, List.of(report.view().id().toString()), "DENIED",
                    decision.rule().name(), null);
            throw new ReportNotFound();
        }
        audits.record(subject, "READ", purpose, List.of(report.view().id().toString()), "OK",
                decision.rule().name(), null);
        return new ReportView(report.view().id().toString(), report.view().labels(), report.text(),
                report.textTruncated(), report.contentType(), report.sha256(), report.sizeBytes(), report.submittedAt(),
                report.language(), report.selectors(), LABELS_JSON.readTree(report.normalised()), report.signatureStatus());
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

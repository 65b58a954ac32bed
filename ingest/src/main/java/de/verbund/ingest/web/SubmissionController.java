package de.verbund.ingest.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import de.verbund.access.policy.ReportId;
import de.verbund.access.subject.Subject;
import de.verbund.ingest.submit.ReportSubmissions;
import de.verbund.ingest.submit.StagedUploads;
import de.verbund.ingest.submit.SubmissionRejected;
import de.verbund.ingest.submit.SubmissionResult;
import de.verbund.problem.ProblemType;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/reports} (one file) and {@code POST /api/v1/reports/batch} (up to {@value #MAX_BATCH} files),
 * role {@code submitter}, for the token's authority. Speaks HTTP only: the pipeline, its audit and the staging of
 * uploads are in {@code ingest.submit}.
 */
@RestController
@RequestMapping("/api/v1/reports")
class SubmissionController {

    static final int MAX_BATCH = 1000;

    private static final JsonMapper LABELS_JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final ReportSubmissions submissions;

    SubmissionController(ReportSubmissions submissions) {
        this.submissions = submissions;
    }

    /** A warning about an accepted file: its code ({@code no-text}, {@code type-mismatch}) and what it means. */
    record Warning(String code, String detail) {
        static List<Warning> of(SubmissionResult result) {
            return result instanceof SubmissionResult.Accepted accepted
                    ? accepted.warnings().stream().map(w -> new Warning(w.code(), w.detail())).toList()
                    : List.of();
        }
    }

    record Submitted(String id, String status, List<Warning> warnings) {}

    @PostMapping(consumes = "multipart/form-data")
    ResponseEntity<Submitted> submit(@RequestPart("file") MultipartFile file, @RequestPart("labels") String labelsJson,
                                     @RequestPart(name = "signature", required = false) @Nullable MultipartFile signature,
                                     @AuthenticationPrincipal Subject subject) throws IOException {
        Map<String, Object> labels = parseLabels(labelsJson);
        SubmissionResult result;
        try (StagedUploads staged = StagedUploads.stage(List.of(new Part(file, signature)))) {
            result = submissions.submit(subject, labels, staged.uploads().getFirst());
        }
        boolean duplicate = result instanceof SubmissionResult.Duplicate;
        return ResponseEntity.status(duplicate ? HttpStatus.OK : HttpStatus.CREATED)
                .header("Location", "/api/v1/reports/" + result.id())
                .body(new Submitted(result.id().toString(), duplicate ? "DUPLICATE" : "ACCEPTED", Warning.of(result)));
    }

    record Versioned(String id, int version, List<Warning> warnings) {}

    /**
     * A new version of one of the originator's reports ({@code file} and {@code reason} parts; submitters and
     * approvers of the originator): the content is superseded, the labels stay. Another authority's or an unknown id
     * answers 404 alike.
     */
    @PostMapping(path = "/{id}/versions", consumes = "multipart/form-data")
    ResponseEntity<Versioned> supersede(@PathVariable String id, @RequestPart("file") MultipartFile file,
                                        @RequestPart(name = "reason", required = false) @Nullable String reason,
                                        @AuthenticationPrincipal Subject subject) throws IOException {
        ReportId reportId = ReportId.parse(id).orElseThrow(() -> new SubmissionRejected(ProblemType.NOT_FOUND,
                "No such report."));
        ReportSubmissions.Superseded superseded;
        try (StagedUploads staged = StagedUploads.stage(List.of(new Part(file, null)))) {
            superseded = submissions.supersede(subject, reportId, staged.uploads().getFirst(), reason);
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Location", "/api/v1/reports/" + id + "/versions/" + superseded.version())
                .body(new Versioned(id, superseded.version(), superseded.warnings().stream()
                        .map(w -> new Warning(w.code(), w.detail())).toList()));
    }

    /** One file's outcome; a refusal that concerns an existing report of the originator names it in {@code id}. */
    record BatchItem(String file, String status, @Nullable String id, @Nullable String problemType,
                     @Nullable String detail, List<Warning> warnings) {}

    record BatchResult(int accepted, int duplicates, int rejected, List<BatchItem> results) {}

    /**
     * Many files ({@code file} parts) with one {@code labels} part. Each file gets its own outcome; the answer comes
     * after all accepted files are durable (one vault force, one commit).
     */
    @PostMapping(path = "/batch", consumes = "multipart/form-data")
    BatchResult submitBatch(@RequestPart("file") List<MultipartFile> files, @RequestPart("labels") String labelsJson,
                            @AuthenticationPrincipal Subject subject) throws IOException {
        if (files.isEmpty() || files.size() > MAX_BATCH) {
            throw new SubmissionRejected(ProblemType.BATCH_SIZE, "a batch holds 1 to " + MAX_BATCH + " files");
        }
        Map<String, Object> labels = parseLabels(labelsJson);
        List<ReportSubmissions.Outcome> outcomes;
        try (StagedUploads staged = StagedUploads.stage(files.stream().map(f -> new Part(f, null)).toList())) {
            outcomes = submissions.submitBatch(subject, labels, staged.uploads());
        }
        int accepted = 0;
        int duplicates = 0;
        List<BatchItem> items = new java.util.ArrayList<>(outcomes.size());
        for (ReportSubmissions.Outcome outcome : outcomes) {
            switch (outcome) {
                case ReportSubmissions.Outcome.Done done -> {
                    boolean duplicate = done.result() instanceof SubmissionResult.Duplicate;
                    items.add(new BatchItem(done.name(), duplicate ? "DUPLICATE" : "ACCEPTED",
                            done.result().id().toString(), null, null, Warning.of(done.result())));
                    if (duplicate) {
                        duplicates++;
                    } else {
                        accepted++;
                    }
                }
                case ReportSubmissions.Outcome.Rejected rejected -> items.add(new BatchItem(rejected.name(), "REJECTED",
                        rejected.existing() == null ? null : rejected.existing().toString(),
                        rejected.type().type().toString(), rejected.detail(), List.of()));
            }
        }
        return new BatchResult(accepted, duplicates, items.size() - accepted - duplicates, items);
    }

    /** A multipart file as a source of the staging. */
    private record Part(MultipartFile file, @Nullable MultipartFile signaturePart) implements StagedUploads.Source {
        @Override
        public String name() {
            return file.getOriginalFilename() == null ? "upload" : file.getOriginalFilename();
        }

        @Override
        public InputStream open() throws IOException {
            return file.getInputStream();
        }

        @Override
        public byte @Nullable [] signature() throws IOException {
            return signaturePart == null ? null : signaturePart.getBytes();
        }
    }

    private static Map<String, Object> parseLabels(String labelsJson) {
        try {
            Object value = LABELS_JSON.readValue(labelsJson, Object.class);
            if (!(value instanceof Map<?, ?> map)) {
                throw new SubmissionRejected(ProblemType.LABELS_MALFORMED, "'labels' must be a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> labels = (Map<String, Object>) map;
            return labels;
        } catch (JacksonException e) {
            throw new SubmissionRejected(ProblemType.LABELS_MALFORMED, "'labels' is not valid JSON");
        }
    }
}

package de.verbund.search.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import de.verbund.access.label.Labels;
import de.verbund.access.subject.Subject;
import de.verbund.audit.Purpose;
import de.verbund.search.query.SearchResult;
import de.verbund.search.read.ReportReads;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code GET /api/v1/reports/{id}}, {@code …/original} and {@code …/related} (analyst). The gate, the audit and the
 * vault are in {@link ReportReads}; what the caller may not read answers exactly like an id that never existed.
 * {@code purpose} and {@code caseReference} come as query parameters or {@code Verbund-Purpose} and
 * {@code Verbund-Case-Reference} headers.
 */
@RestController
@RequestMapping("/api/v1/reports")
class ReportController {

    private final ReportReads reads;

    ReportController(ReportReads reads) {
        this.reads = reads;
    }

    @GetMapping("/{id}")
    ReportReads.ReportView read(@PathVariable String id, Purpose purpose, @AuthenticationPrincipal Subject subject) {
        return reads.read(subject, id, purpose);
    }

    /** The versions of a report, newest first (the originator's analysts only; no content). */
    @GetMapping("/{id}/versions")
    java.util.List<de.verbund.ingest.submit.ReportStore.Version> versions(@PathVariable String id, Purpose purpose,
                                                                        @AuthenticationPrincipal Subject subject) {
        return reads.versions(subject, id, purpose);
    }

    /** One version's text and normalised form under the current labels (the originator's analysts only). */
    @GetMapping("/{id}/versions/{version}")
    ReportReads.ReportView version(@PathVariable String id, @PathVariable int version, Purpose purpose,
                                   @AuthenticationPrincipal Subject subject) {
        return reads.version(subject, id, version, purpose);
    }

    /**
     * The decrypted original, streamed. Served as an attachment with the handling code and note in headers
     * ({@code Verbund-Handling-Code}, {@code Verbund-Handling-Note}), so the restriction travels with the file.
     */
    @GetMapping("/{id}/original")
    ResponseEntity<StreamingResponseBody> original(@PathVariable String id, Purpose purpose,
                                                   @AuthenticationPrincipal Subject subject) {
        ReportReads.Original original = reads.original(subject, id, purpose);
        Labels labels = original.labels();
        StreamingResponseBody body = out -> {
            try (InputStream in = original.content()) {
                in.transferTo(out);
            }
        };
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_OCTET_STREAM);
        headers.setContentDisposition(ContentDisposition.attachment().filename(original.id() + ".bin").build());
        headers.set("Verbund-Original-Content-Type", original.contentType().replaceAll("[\\r\\n]", ""));
        headers.set("Verbund-Handling-Code", labels.handlingCode().name());
        if (labels.handlingNote() != null) {
            headers.set("Verbund-Handling-Note", URLEncoder.encode(labels.handlingNote(), StandardCharsets.UTF_8));
        }
        headers.set("Verbund-Sha256", original.sha256());
        headers.setCacheControl("no-store");
        return ResponseEntity.ok().headers(headers).body(body);
    }

    /** Readable reports that share selectors with this one. */
    @GetMapping("/{id}/related")
    SearchResult related(@PathVariable String id, Purpose purpose, @AuthenticationPrincipal Subject subject)
            throws IOException {
        return reads.related(subject, id, purpose);
    }
}

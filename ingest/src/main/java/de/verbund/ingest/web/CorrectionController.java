package de.verbund.ingest.web;

import java.util.Map;

import de.verbund.access.subject.Subject;
import de.verbund.ingest.lifecycle.Corrections;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Correction of a report's labels by its originator's submitters and approvers: {@code POST
 * /api/v1/reports/{id}/correction} with {@code {"labels": {"classification": "OFFEN", …}, "reason": "…"}} — only the
 * labels to change. Another authority's or an unknown id answers 404 alike; another role 403; a label that cannot be
 * corrected or an invalid value 400 ({@code label-invalid}, naming the label). Speaks HTTP only.
 */
@RestController
class CorrectionController {

    private final Corrections corrections;

    CorrectionController(Corrections corrections) {
        this.corrections = corrections;
    }

    /** @param labels the labels to change, by their submission names; @param reason why (required) */
    record Correction(@Nullable Map<String, Object> labels, @Nullable String reason) {}

    @PostMapping("/api/v1/reports/{id}/correction")
    Corrections.Corrected correct(@PathVariable String id, @RequestBody Correction correction,
                                  @AuthenticationPrincipal Subject subject) {
        return corrections.correct(subject, id, correction.labels() == null ? Map.of() : correction.labels(),
                correction.reason());
    }
}

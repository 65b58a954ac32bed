package de.verbund.ingest.web;

import de.verbund.access.subject.Subject;
import de.verbund.ingest.lifecycle.Erasures;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Erasure of a report by its originator's approvers, at review or at any time: {@code POST
 * /api/v1/reports/{id}/erasure} with {@code {"reason": "…"}}. Another authority's, an unknown or an already erased
 * id answers 404 alike; another role 403. Speaks HTTP only: the steps and the audit are in {@code ingest.lifecycle}.
 */
@RestController
class ErasureController {

    private final Erasures erasures;

    ErasureController(Erasures erasures) {
        this.erasures = erasures;
    }

    /** @param reason why the report is erased (required, up to 2,000 characters) */
    record Erase(@Nullable String reason) {}

    @PostMapping("/api/v1/reports/{id}/erasure")
    Erasures.Erased erase(@PathVariable String id, @RequestBody Erase erase, @AuthenticationPrincipal Subject subject) {
        return erasures.erase(subject, id, erase.reason());
    }
}

package de.verbund.ingest.web;

import java.util.List;

import de.verbund.access.subject.Subject;
import de.verbund.ingest.lifecycle.Restrictions;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Restriction (Sperrung) of a report by its originator's approvers: {@code POST /api/v1/reports/{id}/restriction}
 * and {@code POST /api/v1/reports/{id}/restriction/lifting} with {@code {"reason": "…"}}, and
 * {@code GET /api/v1/restrictions}, the approver's list. Another authority's or an unknown id answers 404 alike;
 * another role 403. Speaks HTTP only: the rules and the audit are in {@code ingest.lifecycle}.
 */
@RestController
class RestrictionController {

    private final Restrictions restrictions;

    RestrictionController(Restrictions restrictions) {
        this.restrictions = restrictions;
    }

    /** @param reason why the report is restricted or the restriction lifted (required, up to 2,000 characters) */
    record Change(@Nullable String reason) {}

    @PostMapping("/api/v1/reports/{id}/restriction")
    Restrictions.State restrict(@PathVariable String id, @RequestBody Change change,
                                @AuthenticationPrincipal Subject subject) {
        return restrictions.restrict(subject, id, change.reason());
    }

    @PostMapping("/api/v1/reports/{id}/restriction/lifting")
    Restrictions.State lift(@PathVariable String id, @RequestBody Change change,
                            @AuthenticationPrincipal Subject subject) {
        return restrictions.lift(subject, id, change.reason());
    }

    @GetMapping("/api/v1/restrictions")
    List<Restrictions.Restricted> list(@AuthenticationPrincipal Subject subject) {
        return restrictions.list(subject);
    }
}

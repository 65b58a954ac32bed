package de.verbund.ingest.web;

import java.util.List;

import de.verbund.access.subject.Subject;
import de.verbund.ingest.lifecycle.Reviews;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Review deadlines for the originator's approvers: {@code GET /api/v1/reviews} (due within 30 days, overdue,
 * restricted) and {@code POST /api/v1/reports/{id}/review} {@code {"reviewBy": "YYYY-MM-DD", "reason": "…"}} (keep
 * until a new date). Restricting is {@code POST /api/v1/reports/{id}/restriction}. Speaks HTTP only.
 */
@RestController
class ReviewController {

    private final Reviews reviews;

    ReviewController(Reviews reviews) {
        this.reviews = reviews;
    }

    record Keep(@Nullable String reviewBy, @Nullable String reason) {}

    @GetMapping("/api/v1/reviews")
    List<Reviews.Due> queue(@AuthenticationPrincipal Subject subject) {
        return reviews.queue(subject);
    }

    /** What the rule did to the authority's reports without a decision: restricted at the deadline, erased later. */
    @GetMapping("/api/v1/reviews/notices")
    List<Reviews.Notice> notices(@AuthenticationPrincipal Subject subject) {
        return reviews.notices(subject);
    }

    @PostMapping("/api/v1/reports/{id}/review")
    Reviews.Kept keep(@PathVariable String id, @RequestBody Keep keep, @AuthenticationPrincipal Subject subject) {
        return reviews.keep(subject, id, keep.reviewBy(), keep.reason());
    }
}

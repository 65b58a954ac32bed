package de.verbund.web.exchange;

import java.time.LocalDate;
import java.util.List;

import de.verbund.access.label.PersonsConcerned;
import de.verbund.access.subject.Subject;
import de.verbund.ingest.lifecycle.Erasures;
import de.verbund.problem.ProblemType;
import de.verbund.ingest.lifecycle.Restrictions;
import de.verbund.ingest.lifecycle.Reviews;
import de.verbund.problem.Problem;
import de.verbund.web.layout.ProblemText;
import de.verbund.web.layout.VisibleText;
import de.verbund.web.security.WebSubjects;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The approver's review page ({@code /ui/freigaben/pruefung}): the own authority's reports due for review within 30
 * days, overdue or restricted, and the decisions — keep until a new date, restrict, lift a restriction — each with a
 * reason, through {@link Reviews} and {@link Restrictions} as the API, audited there.
 */
@Controller
class ReviewPages {

    private final Reviews reviews;
    private final Restrictions restrictions;
    private final Erasures erasures;
    private final WebSubjects subjects;

    ReviewPages(Reviews reviews, Restrictions restrictions, Erasures erasures, WebSubjects subjects) {
        this.reviews = reviews;
        this.restrictions = restrictions;
        this.erasures = erasures;
        this.subjects = subjects;
    }

    /** One row: no title, no content; dates as Germans write them; {@code maxDate} the latest "keep until". */
    public record DueView(String id, String caseReference, String classification, String personsConcerned,
                          String reviewBy, boolean overdue, boolean restricted, boolean byDeadline,
                          @Nullable String restrictedAt, @Nullable String restrictedBy, @Nullable String reason,
                          String maxDate) {}

    /** A notice of what the rule did (restricted at the deadline, erased after the grace period). */
    public record NoticeView(String reportId, String caseReference, String kind, String at) {}

    @GetMapping("/ui/freigaben/pruefung")
    String queue(Authentication authentication, HttpServletRequest request, HttpServletResponse response, Model model) {
        Subject subject = subjects.of(authentication, request, response);
        LocalDate today = LocalDate.now(Dates.BERLIN);
        try {
            model.addAttribute("due", reviews.queue(subject).stream().map(d -> new DueView(d.id(),
                    VisibleText.of(d.caseReference()), d.classification(), d.personsConcerned(), Dates.german(d.reviewBy()),
                    d.overdue(), d.restricted(), Reviews.DEADLINE_RULE.equals(d.restrictedBy()),
                    d.restrictedAt() == null ? null : Dates.german(d.restrictedAt()),
                    d.restrictedBy() == null ? null : VisibleText.of(d.restrictedBy()),
                    d.restrictionReason() == null ? null : VisibleText.of(d.restrictionReason()),
                    today.plusYears(PersonsConcerned.valueOf(d.personsConcerned()).maxReviewYears()).toString())).toList());
        } catch (Problem e) {
            response.setStatus(e.type().status());
            model.addAttribute("problem", ProblemText.of(e));
            model.addAttribute("due", List.of());
        }
        try {
            model.addAttribute("notices", reviews.notices(subject).stream().limit(50).map(n -> new NoticeView(n.reportId(),
                    VisibleText.of(n.caseReference()), n.kind().name(), Dates.german(n.at()))).toList());
        } catch (Problem e) {
            model.addAttribute("notices", List.of());
        }
        model.addAttribute("minDate", today.plusDays(1).toString());
        return "reviews";
    }

    @PostMapping("/ui/freigaben/pruefung/{id}/behalten")
    String keep(@PathVariable String id, @RequestParam(name = "bis", defaultValue = "") String reviewBy,
                @RequestParam(name = "begruendung", defaultValue = "") String reason, Authentication authentication,
                HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
        Subject subject = subjects.of(authentication, request, response);
        return decided(redirect, "reviews.done.kept", () -> reviews.keep(subject, id, reviewBy, blankToNull(reason)));
    }

    @PostMapping("/ui/freigaben/pruefung/{id}/sperren")
    String restrict(@PathVariable String id, @RequestParam(name = "begruendung", defaultValue = "") String reason,
                    Authentication authentication, HttpServletRequest request, HttpServletResponse response,
                    RedirectAttributes redirect) {
        Subject subject = subjects.of(authentication, request, response);
        return decided(redirect, "reviews.done.restricted", () -> restrictions.restrict(subject, id, blankToNull(reason)));
    }

    @PostMapping("/ui/freigaben/pruefung/{id}/entsperren")
    String lift(@PathVariable String id, @RequestParam(name = "begruendung", defaultValue = "") String reason,
                Authentication authentication, HttpServletRequest request, HttpServletResponse response,
                RedirectAttributes redirect) {
        Subject subject = subjects.of(authentication, request, response);
        return decided(redirect, "reviews.done.lifted", () -> restrictions.lift(subject, id, blankToNull(reason)));
    }

    /** Erasure is final: the form's confirmation box must be ticked, else nothing happens. */
    @PostMapping("/ui/freigaben/pruefung/{id}/loeschen")
    String erase(@PathVariable String id, @RequestParam(name = "begruendung", defaultValue = "") String reason,
                 @RequestParam(name = "endgueltig", defaultValue = "") String confirmed, Authentication authentication,
                 HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
        Subject subject = subjects.of(authentication, request, response);
        if (!"ja".equals(confirmed)) {
            redirect.addFlashAttribute("problem", ProblemText.of(ProblemType.INVALID_DECISION, ""));
            return "redirect:/ui/freigaben/pruefung";
        }
        return decided(redirect, "reviews.done.erased", () -> erasures.erase(subject, id, blankToNull(reason)));
    }

    private static String decided(RedirectAttributes redirect, String done, Runnable decision) {
        try {
            decision.run();
            redirect.addFlashAttribute("done", done);
        } catch (Problem e) {
            redirect.addFlashAttribute("problem", ProblemText.of(e));
        }
        return "redirect:/ui/freigaben/pruefung";
    }

    private static @Nullable String blankToNull(String s) {
        return s.isBlank() ? null : s;
    }
}

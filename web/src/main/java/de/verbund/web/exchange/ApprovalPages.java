package de.verbund.web.exchange;

import java.time.LocalDate;
import java.util.List;

import de.verbund.access.subject.Subject;
import de.verbund.exchange.AccessRequests;
import de.verbund.exchange.ExchangeProperties;
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
 * The approver's pages ({@code /ui/freigaben}): the queue of requests to the own authority (overdue ones marked),
 * the decision (grant to the user or the authority until a date, or deny, with a reason), active grants with
 * revocation, and the notifications of withheld hits — through {@link AccessRequests}, as the API, audited there.
 */
@Controller
class ApprovalPages {

    private final AccessRequests requests;
    private final ExchangeProperties properties;
    private final WebSubjects subjects;

    ApprovalPages(AccessRequests requests, ExchangeProperties properties, WebSubjects subjects) {
        this.requests = requests;
        this.properties = properties;
        this.subjects = subjects;
    }

    public record NotificationView(String selector, String askerAuthority, String purpose, String caseReference,
                                   String createdAt) {}

    @GetMapping("/ui/freigaben")
    String queue(@RequestParam(name = "status", required = false) @Nullable String state, Authentication authentication,
                 HttpServletRequest request, HttpServletResponse response, Model model) {
        Subject subject = subjects.of(authentication, request, response);
        String filter = state == null || state.isBlank() ? null : state;
        try {
            model.addAttribute("queue", RequestView.all(requests.queue(subject, filter)));
        } catch (Problem e) {
            response.setStatus(e.type().status());
            model.addAttribute("problem", ProblemText.of(e));
            model.addAttribute("queue", List.of());
        }
        model.addAttribute("state", filter == null ? "" : filter);
        LocalDate today = LocalDate.now(Dates.BERLIN);
        model.addAttribute("minDate", today.toString());
        model.addAttribute("maxDate", today.plusDays(properties.maxGrantDays()).toString());
        model.addAttribute("defaultDate", today.plusDays(Math.min(30, properties.maxGrantDays())).toString());
        return "approvals";
    }

    @PostMapping("/ui/freigaben/{id}/entscheidung")
    String decide(@PathVariable String id, @RequestParam(name = "entscheidung", defaultValue = "") String decision,
                  @RequestParam(name = "empfaenger", required = false) @Nullable String grantee,
                  @RequestParam(name = "bis", required = false) @Nullable String validUntil,
                  @RequestParam(name = "begruendung", defaultValue = "") String reason, Authentication authentication,
                  HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
        Subject subject = subjects.of(authentication, request, response);
        boolean grant = "GRANT".equals(decision);
        try {
            requests.decide(subject, id, decision, grant ? grantee : null, grant ? validUntil : null,
                    reason.isBlank() ? null : reason);
            redirect.addFlashAttribute("done", grant ? "approvals.done.granted" : "approvals.done.denied");
        } catch (Problem e) {
            redirect.addFlashAttribute("problem", ProblemText.of(e));
        }
        return "redirect:/ui/freigaben";
    }

    @PostMapping("/ui/freigaben/{id}/widerruf")
    String revoke(@PathVariable String id, @RequestParam(name = "begruendung", defaultValue = "") String reason,
                  Authentication authentication, HttpServletRequest request, HttpServletResponse response,
                  RedirectAttributes redirect) {
        Subject subject = subjects.of(authentication, request, response);
        try {
            requests.revoke(subject, id, reason.isBlank() ? null : reason);
            redirect.addFlashAttribute("done", "approvals.done.revoked");
        } catch (Problem e) {
            redirect.addFlashAttribute("problem", ProblemText.of(e));
        }
        return "redirect:/ui/freigaben?status=GRANTED";
    }

    @GetMapping("/ui/freigaben/hinweise")
    String notifications(Authentication authentication, HttpServletRequest request, HttpServletResponse response,
                         Model model) {
        Subject subject = subjects.of(authentication, request, response);
        model.addAttribute("notifications", requests.notifications(subject).stream()
                .map(n -> new NotificationView(VisibleText.of(n.selector()), n.askerAuthority(), VisibleText.of(n.purpose()),
                        VisibleText.of(n.caseReference()), Dates.german(n.createdAt()))).toList());
        return "notifications";
    }
}

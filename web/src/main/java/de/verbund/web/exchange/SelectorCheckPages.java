package de.verbund.web.exchange;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import de.verbund.access.quota.QuotaExceeded;
import de.verbund.access.subject.Subject;
import de.verbund.audit.Purpose;
import de.verbund.exchange.AccessRequests;
import de.verbund.exchange.SelectorCheck;
import de.verbund.problem.Problem;
import de.verbund.selectors.SelectorType;
import de.verbund.web.layout.ProblemText;
import de.verbund.web.layout.VisibleText;
import de.verbund.web.purpose.SessionPurpose;
import de.verbund.web.security.WebSubjects;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The analyst's selector check ({@code /ui/pruefung}) and own access requests ({@code /ui/anfragen}), through
 * {@link SelectorCheck} and {@link AccessRequests} exactly as {@code POST /api/v1/selectors/check} and
 * {@code /api/v1/access-requests}: hit/no-hit with the originator, never content; each check and request is audited
 * with the session's purpose.
 */
@Controller
class SelectorCheckPages {

    private final SelectorCheck check;
    private final AccessRequests requests;
    private final WebSubjects subjects;

    SelectorCheckPages(SelectorCheck check, AccessRequests requests, WebSubjects subjects) {
        this.check = check;
        this.requests = requests;
        this.subjects = subjects;
    }

    /** One line of the answer. Values are the analyst's own input, shown as text. */
    public record ResultView(int line, String typed, @Nullable String type, @Nullable String normalised, boolean hit,
                             List<SelectorCheck.Hit> hits, @Nullable String problem) {}

    /** @param prefill selectors to put into the box, e.g. from the "check" link of a report's selector */
    @GetMapping("/ui/pruefung")
    String form(@RequestParam(name = "selektoren", defaultValue = "") String prefill, HttpServletRequest request,
                Model model) {
        if (SessionPurpose.of(request.getSession()).isEmpty()) {
            String back = "/ui/pruefung" + (prefill.isEmpty() ? "" : "?selektoren=" + URLEncoder.encode(prefill, StandardCharsets.UTF_8));
            return "redirect:/ui/zweck?weiter=" + URLEncoder.encode(back, StandardCharsets.UTF_8);
        }
        model.addAttribute("types", types());
        model.addAttribute("lines", prefill);
        model.addAttribute("type", "");
        return "check";
    }

    @PostMapping("/ui/pruefung")
    String check(@RequestParam(name = "selektoren", defaultValue = "") String text,
                 @RequestParam(name = "typ", defaultValue = "") String type, Authentication authentication,
                 HttpServletRequest request, HttpServletResponse response, Model model) throws IOException {
        Subject subject = subjects.of(authentication, request, response);
        Optional<Purpose> purpose = SessionPurpose.of(request.getSession());
        if (purpose.isEmpty()) {
            return "redirect:/ui/zweck?weiter=" + URLEncoder.encode("/ui/pruefung", StandardCharsets.UTF_8);
        }
        model.addAttribute("types", types());
        model.addAttribute("lines", text);
        model.addAttribute("type", type);
        List<SelectorLines.Line> lines = SelectorLines.parse(text, type);
        if (lines.isEmpty() || lines.size() > SelectorCheck.MAX_SELECTORS) {
            response.setStatus(400);
            model.addAttribute("error", lines.isEmpty() ? "check.error.empty" : "check.error.tooMany");
            return "check";
        }
        SelectorCheck.Answer answer;
        try {
            answer = check.check(subject, purpose.get(), lines.stream().map(SelectorLines.Line::input).toList());
        } catch (QuotaExceeded e) {
            response.setStatus(429);
            response.setHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
            model.addAttribute("quotaSeconds", e.retryAfterSeconds());
            return "check";
        } catch (Problem e) {
            response.setStatus(e.type().status());
            model.addAttribute("problem", ProblemText.of(e));
            return "check";
        }
        List<ResultView> results = new ArrayList<>(answer.results().size());
        for (SelectorCheck.Result r : answer.results()) {
            SelectorLines.Line line = lines.get(r.index());
            results.add(new ResultView(line.number(), VisibleText.of(line.typed()), r.type(),
                    r.normalised() == null ? null : VisibleText.of(r.normalised()), r.hit(), r.hits(), r.problem()));
        }
        model.addAttribute("answer", answer);
        model.addAttribute("results", results);
        return "check";
    }

    @PostMapping("/ui/anfragen")
    String request(@RequestParam(name = "referenz", defaultValue = "") String reference,
                   @RequestParam(name = "begruendung", defaultValue = "") String justification,
                   Authentication authentication, HttpServletRequest request, HttpServletResponse response,
                   RedirectAttributes redirect, Model model) {
        Subject subject = subjects.of(authentication, request, response);
        Optional<Purpose> purpose = SessionPurpose.of(request.getSession());
        if (purpose.isEmpty()) {
            return "redirect:/ui/zweck?weiter=" + URLEncoder.encode("/ui/anfragen", StandardCharsets.UTF_8);
        }
        try {
            AccessRequests.View created = requests.request(subject, reference, purpose.get(),
                    justification.isBlank() ? null : justification);
            redirect.addFlashAttribute("created", created.id());
            return "redirect:/ui/anfragen";
        } catch (Problem e) {
            response.setStatus(e.type().status());
            model.addAttribute("problem", ProblemText.of(e));
            model.addAttribute("own", RequestView.all(requests.own(subject)));
            return "requests";
        }
    }

    @GetMapping("/ui/anfragen")
    String own(Authentication authentication, HttpServletRequest request, HttpServletResponse response, Model model) {
        Subject subject = subjects.of(authentication, request, response);
        model.addAttribute("own", RequestView.all(requests.own(subject)));
        return "requests";
    }

    static List<String> types() {
        return java.util.Arrays.stream(SelectorType.values()).map(SelectorType::wireName).toList();
    }
}

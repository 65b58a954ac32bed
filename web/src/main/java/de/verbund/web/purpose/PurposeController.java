package de.verbund.web.purpose;

import de.verbund.audit.Purpose;
import de.verbund.audit.PurposeMissing;
import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * States or changes the purpose and file number of the session. Asked before the first consultation and reachable
 * from the header of every page.
 */
@Controller
class PurposeController {

    @GetMapping("/ui/zweck")
    String form(HttpSession session, Model model, @RequestParam(name = "weiter", required = false) @Nullable String next) {
        SessionPurpose.of(session).ifPresent(p -> {
            model.addAttribute("purposeValue", p.purpose());
            model.addAttribute("caseReferenceValue", p.caseReference());
        });
        model.addAttribute("next", safeNext(next));
        return "purpose";
    }

    @PostMapping("/ui/zweck")
    String save(HttpSession session, Model model, @RequestParam(name = "zweck", defaultValue = "") String purpose,
                @RequestParam(name = "aktenzeichen", defaultValue = "") String caseReference,
                @RequestParam(name = "weiter", required = false) @Nullable String next) {
        model.addAttribute("purposeValue", purpose);
        model.addAttribute("caseReferenceValue", caseReference);
        model.addAttribute("next", safeNext(next));
        if (purpose.isBlank() || caseReference.isBlank()) {
            model.addAttribute("error", "purpose.error.missing");
            return "purpose";
        }
        try {
            SessionPurpose.set(session, Purpose.require(purpose.strip(), caseReference.strip()));
        } catch (PurposeMissing e) {
            model.addAttribute("error", "purpose.error.invalid");
            return "purpose";
        }
        return "redirect:" + safeNext(next);
    }

    /** Only our own pages: an open redirect through the purpose form would be a phishing aid. */
    static String safeNext(@Nullable String next) {
        return next != null && next.startsWith("/ui/") && !next.startsWith("//") && !next.contains("\\")
                && next.chars().noneMatch(c -> c < 0x21 || c == 0x7f) ? next : "/ui/suche";
    }
}

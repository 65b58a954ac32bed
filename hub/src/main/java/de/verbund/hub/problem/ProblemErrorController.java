package de.verbund.hub.problem;

import de.verbund.access.subject.Subject;
import de.verbund.audit.AuditAction;
import de.verbund.audit.AuditEvent;
import de.verbund.audit.AuditOutcome;
import de.verbund.audit.AuditTrail;
import de.verbund.problem.ProblemType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.webmvc.error.ErrorController;
import java.util.Map;

import org.springframework.http.HttpStatusCode;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code /error}), replacing Spring Boot's: an error that was sent with
 * {@code sendError} outside Spring MVC's own handling (a request the security firewall refused, {@code TRACE}, a
 * failure in a filter) answers with a problem detail of the general type of its status; nothing of the request or of
 * an exception is echoed. Called directly, {@code /error} does not exist (404), instead of Boot's {@code "status":999}.
 * Where the caller is known the refusal is audited.
 */
@RestController
class ProblemErrorController implements ErrorController {

    private final AuditTrail audit;
    private final JwtDecoder tokens;

    ProblemErrorController(AuditTrail audit, JwtDecoder tokens) {
        this.audit = audit;
        this.tokens = tokens;
    }

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request, @AuthenticationPrincipal @Nullable Subject subject) {
        int status = status(request, subject);
        ProblemType type = ProblemType.forStatus(status);
        ProblemDetail problem = ApiProblems.of(type, ProblemReportValve.detail(type));
        problem.setStatus(status);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /**
     * The caller of a request refused before authentication (Spring's firewall), known by a valid bearer token: the
     * error dispatch is not authenticated again by the filter chain, so the token is validated here, with the same
     * decoder and rules. An invalid token makes no subject (and no record of a user).
     */
    private @Nullable Subject bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        try {
            return Subject.fromClaims(tokens.decode(header.substring(7).strip()).getClaims());
        } catch (RuntimeException invalid) {
            return null;
        }
    }

    /** A browser asking for a page gets the web UI's error page (template {@code error}): status and nothing else. */
    @RequestMapping(path = "/error", produces = MediaType.TEXT_HTML_VALUE)
    ModelAndView errorPage(HttpServletRequest request, @AuthenticationPrincipal @Nullable Subject subject) {
        int status = status(request, subject);
        ModelAndView page = new ModelAndView("error", Map.of("status", status), HttpStatusCode.valueOf(status));
        return page;
    }

    private int status(HttpServletRequest request, @Nullable Subject authenticated) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i && i >= 400 ? i : 404;
        Subject subject = authenticated != null ? authenticated : bearer(request);
        if (subject != null) {
            Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
            audit.record(AuditEvent.by(subject, AuditAction.ACCESS).rule("HTTP")
                    .detail(request.getMethod() + " " + (uri == null ? request.getRequestURI() : uri) + " " + status)
                    .outcome(status == 404 ? AuditOutcome.NOT_FOUND : AuditOutcome.REJECTED));
        }
        return status;
    }
}

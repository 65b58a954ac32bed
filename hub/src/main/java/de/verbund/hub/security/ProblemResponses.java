package de.verbund.hub.security;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import de.verbund.audit.AuditAction;
import de.verbund.audit.AuditEvent;
import de.verbund.audit.AuditOutcome;
import de.verbund.hub.problem.ApiProblems;
import de.verbund.problem.ProblemType;
import de.verbund.audit.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401 and 403 as RFC 9457 problem details, with the RFC 6750 {@code WWW-Authenticate} header. Both are refused
 * accesses and are audited before the answer leaves; nothing of the token is logged or echoed.
 */
@Component
class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    private final JsonMapper json;
    private final AuditTrail audit;

    ProblemResponses(JsonMapper json, AuditTrail audit) {
        this.json = json;
        this.audit = audit;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        boolean tokenPresent = request.getHeader("Authorization") != null;
        audit.record(AuditEvent.anonymous(AuditAction.AUTHENTICATION).rule(tokenPresent ? "TOKEN_INVALID" : "TOKEN_MISSING")
                .detail(request.getMethod() + " " + request.getRequestURI()).outcome(AuditOutcome.UNAUTHENTICATED));
        response.setHeader("WWW-Authenticate", tokenPresent
                ? "Bearer error=\"invalid_token\", error_description=\"The access token is invalid\""
                : "Bearer");
        write(json, response, ProblemType.UNAUTHENTICATED,
                tokenPresent ? "The access token is invalid." : "An access token is required.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof SubjectAuthentication auth) {
            audit.record(AuditEvent.by(auth.subject(), AuditAction.ACCESS).rule("ROLE")
                    .detail(request.getMethod() + " " + request.getRequestURI()).outcome(AuditOutcome.DENIED));
        }
        response.setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
        write(json, response, ProblemType.FORBIDDEN, "Your roles do not allow this request.");
    }

    /** Writes a problem detail answer from a filter or handler, outside Spring MVC's own problem handling. */
    static void write(JsonMapper json, HttpServletResponse response, ProblemType type, String detail)
            throws IOException {
        ProblemDetail problem = ApiProblems.of(type, detail);
        response.setStatus(type.status());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
        log.debug("refused {} with {}", type.slug(), type.status());
    }
}

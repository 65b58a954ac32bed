package de.verbund.search.security;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import de.verbund.access.audit.AuditEvent;
import de.verbund.access.audit.AuditTrail;
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
        audit.record(new AuditEvent("anonymous", "anonymous", null, List.of(), "AUTHENTICATION",
                null, null, List.of(), null, "UNAUTHENTICATED", tokenPresent ? "TOKEN_INVALID" : "TOKEN_MISSING",
                request.getMethod() + " " + request.getRequestURI()));
        response.setHeader("WWW-Authenticate", tokenPresent
                ? "Bearer error=\"invalid_token\", error_description=\"The access token is invalid\""
                : "Bearer");
        write(json, response, HttpStatus.UNAUTHORIZED, "unauthenticated",
                tokenPresent ? "The access token is invalid." : "An access token is required.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof SubjectAuthentication auth) {
            audit.record(AuditEvent.by(auth.subject(), "ACCESS", null, null, List.of(), "DENIED", "ROLE",
                    request.getMethod() + " " + request.getRequestURI()));
        }
        response.setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
        write(json, response, HttpStatus.FORBIDDEN, "forbidden", "Your roles do not allow this request.");
    }

    /** Writes a problem detail answer from a filter or handler, outside Spring MVC's own problem handling. */
    static void write(JsonMapper json, HttpServletResponse response, HttpStatus status, String type, String detail)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:verbund:problem:" + type));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
        log.debug("refused {} with {}", type, status.value());
    }
}

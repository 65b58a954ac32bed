package de.verbund.hub.problem;

import java.io.IOException;
import java.net.URI;

import de.verbund.access.quota.QuotaExceeded;
import de.verbund.access.subject.Subject;
import de.verbund.audit.AuditAction;
import de.verbund.audit.AuditEvent;
import de.verbund.audit.AuditOutcome;
import de.verbund.audit.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import de.verbund.audit.AuditWriteFailed;
import de.verbund.ingest.crypto.VaultUnavailable;
import de.verbund.problem.Problem;
import de.verbund.problem.ProblemType;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns what happened into RFC 9457 problem details, at the web edge only: every {@link Problem} a module throws
 * by its {@link ProblemType}, and the failures of the services behind the hub. Messages never carry content,
 * Elasticsearch errors or stack traces.
 */
@RestControllerAdvice
public class ApiProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    private final AuditTrail audit;

    ApiProblems(AuditTrail audit) {
        this.audit = audit;
    }

    /** 429 with {@code Retry-After} in seconds (RFC 6585 section 4); the refusal was audited by the module. */
    @ExceptionHandler(QuotaExceeded.class)
    ResponseEntity<ProblemDetail> quotaExceeded(QuotaExceeded e) {
        return ResponseEntity.status(e.type().status())
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds())).body(problem(e));
    }

    @ExceptionHandler(Problem.class)
    ProblemDetail problem(Problem e) {
        ProblemDetail p = of(e.type(), e.getMessage());
        e.properties().forEach(p::setProperty);
        return p;
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return answer(of(ProblemType.FILE_TOO_LARGE, "The file exceeds the hub's size limit."));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return answer(of(ProblemType.MALFORMED_REQUEST,
                "The request body is not valid JSON, or it has fields this API does not know."));
    }

    /**
     * A route that does not exist: 404 exactly as for an id that never existed, without echoing the path. Audited
     * where the caller is known (a probe of the API is a refused access like any other).
     */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        auditRefusal(request, AuditOutcome.NOT_FOUND, 404);
        return answer(of(ProblemType.NOT_FOUND, "No such resource."));
    }

    /** A route that exists for other methods: 405 with {@code Allow}, audited where the caller is known. */
    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        auditRefusal(request, AuditOutcome.REJECTED, 405);
        ProblemDetail problem = of(ProblemType.METHOD_NOT_ALLOWED, "This method is not allowed here.");
        return ResponseEntity.status(405).headers(headers).body(problem);
    }

    /**
     * The framework's other refusals (missing parameter, wrong media type, ...): their status stays, their body gets
     * the hub's problem type of that status instead of {@code about:blank}.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, @Nullable Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail problem && URI.create("about:blank").equals(problem.getType())) {
            ProblemType type = ProblemType.forStatus(status.value());
            problem.setType(type.type());
            problem.setTitle(type.title());
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    /**
     * A multipart body the container cannot split (e.g. a NUL in a part's file name): 400, nothing stored, and the
     * refused submission is audited like any other.
     */
    @ExceptionHandler(MultipartException.class)
    ProblemDetail malformedMultipart(MultipartException e, WebRequest request) {
        Subject subject = currentSubject();
        if (subject != null) {
            audit.record(AuditEvent.by(subject, AuditAction.SUBMIT).rule("LABELS_AND_FILE")
                    .detail(ProblemType.MALFORMED_REQUEST.slug()).outcome(AuditOutcome.REJECTED));
        }
        return of(ProblemType.MALFORMED_REQUEST,
                "The multipart body cannot be read; a part header may be malformed or hold control characters.");
    }

    @ExceptionHandler(VaultUnavailable.class)
    ProblemDetail vaultUnavailable(VaultUnavailable e) {
        log.error("vault unavailable: {}", e.getCause() == null ? e.toString() : e.getCause().toString());
        return of(ProblemType.VAULT_UNAVAILABLE, "The vault is unavailable; nothing was stored.");
    }

    @ExceptionHandler(AuditWriteFailed.class)
    ProblemDetail auditFailed(AuditWriteFailed e) {
        log.error("audit write failed; request refused: {}", e.getCause().toString());
        return of(ProblemType.AUDIT_UNAVAILABLE, "The audit trail cannot be written; the request was refused. A "
                + "submission may have been stored before: submitting the same file again is safe and answers with its id.");
    }

    @ExceptionHandler({DataAccessException.class, org.springframework.transaction.TransactionException.class})
    ProblemDetail databaseUnavailable(RuntimeException e) {
        log.error("database unavailable: {}", e.getClass().getSimpleName());
        // the connection may have broken during a commit (a failover): the hub cannot know whether it happened
        return of(ProblemType.DATABASE_UNAVAILABLE, "The system of record is unavailable; try again. A submission may "
                + "have been stored: submitting the same file again is safe and answers with its id.");
    }

    @ExceptionHandler(IOException.class)
    ProblemDetail backendUnavailable(IOException e) {
        log.error("backend unavailable: {}", e.toString());
        return of(ProblemType.BACKEND_UNAVAILABLE, "A backend service is unavailable.");
    }

    /**
     * Anything else is a fault of the hub: 500, logged by class only (messages of library exceptions can carry
     * content), nothing echoed. Security refusals pass through to Spring Security's own handling.
     */
    @ExceptionHandler(Exception.class)
    ProblemDetail fault(Exception e) throws Exception {
        if (e instanceof AccessDeniedException || e instanceof AuthenticationException) {
            throw e;
        }
        // the frames, never the message (it may quote content): enough to find the fault
        log.error("unexpected failure: {} at {}", e.getClass().getName(), frames(e));
        return of(ProblemType.INTERNAL_ERROR, "The request could not be answered.");
    }

    private void auditRefusal(WebRequest request, AuditOutcome outcome, int status) {
        Subject subject = currentSubject();
        if (subject != null && request instanceof ServletWebRequest servlet) {
            HttpServletRequest http = servlet.getRequest();
            audit.record(AuditEvent.by(subject, AuditAction.ACCESS).rule("HTTP")
                    .detail(http.getMethod() + " " + http.getRequestURI() + " " + status).outcome(outcome));
        }
    }

    private static @Nullable Subject currentSubject() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof Subject subject ? subject : null;
    }

    /** The problem detail of a type: its URI, title and status, with the detail for this case. */
    public static ProblemDetail of(ProblemType type, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(type.status()), detail);
        p.setType(type.type());
        p.setTitle(type.title());
        return p;
    }

    private static ResponseEntity<Object> answer(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    /** Up to 12 frames of the failure and of its causes' classes, without any exception message. */
    static String frames(Throwable e) {
        StringBuilder b = new StringBuilder();
        StackTraceElement[] trace = e.getStackTrace();
        for (int i = 0; i < Math.min(12, trace.length); i++) {
            b.append(i == 0 ? "" : " < ").append(trace[i]);
        }
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            b.append(" caused by ").append(cause.getClass().getName()).append(" at ")
                    .append(cause.getStackTrace().length > 0 ? cause.getStackTrace()[0] : "?");
        }
        return b.toString();
    }
}

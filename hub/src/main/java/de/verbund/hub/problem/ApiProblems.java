package de.verbund.hub.problem;

import java.io.IOException;

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

    @ExceptionHandler(VaultUnavailable.class)
    ProblemDetail vaultUnavailable(VaultUnavailable e) {
        log.error("vault unavailable: {}", e.getCause() == null ? e.toString() : e.getCause().toString());
        return of(ProblemType.VAULT_UNAVAILABLE, "The vault is unavailable; nothing was stored.");
    }

    @ExceptionHandler(AuditWriteFailed.class)
    ProblemDetail auditFailed(AuditWriteFailed e) {
        log.error("audit write failed; request refused: {}", e.getCause().toString());
        return of(ProblemType.AUDIT_UNAVAILABLE, "The audit trail cannot be written; the request was refused.");
    }

    @ExceptionHandler(DataAccessException.class)
    ProblemDetail databaseUnavailable(DataAccessException e) {
        log.error("database unavailable: {}", e.getClass().getSimpleName());
        return of(ProblemType.DATABASE_UNAVAILABLE,
                "The system of record is unavailable; nothing was answered or stored.");
    }

    @ExceptionHandler(IOException.class)
    ProblemDetail backendUnavailable(IOException e) {
        log.error("backend unavailable: {}", e.toString());
        return of(ProblemType.BACKEND_UNAVAILABLE, "A backend service is unavailable.");
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
}

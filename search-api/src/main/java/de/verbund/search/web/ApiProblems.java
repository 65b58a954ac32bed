package de.verbund.search.web;

import java.net.URI;

import de.verbund.access.audit.AuditWriteFailed;
import de.verbund.access.label.LabelInvalid;
import de.verbund.ingest.submit.SubmissionRejected;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns what happened into RFC 9457 problem details, at the web edge only. Messages never carry content,
 * Elasticsearch errors or stack traces.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    @ExceptionHandler(LabelInvalid.class)
    ProblemDetail labelInvalid(LabelInvalid e) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "label-invalid", e.getMessage());
        p.setProperty("label", e.label());
        return p;
    }

    @ExceptionHandler(SubmissionRejected.class)
    ProblemDetail rejected(SubmissionRejected e) {
        HttpStatus status = switch (e.type()) {
            case "file-too-large" -> HttpStatus.CONTENT_TOO_LARGE;
            case "unsupported-type" -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case "encrypted-document", "zip-bomb", "xml-entity-bomb", "corrupt-file", "nesting-too-deep",
                 "parser-out-of-memory", "parse-timeout" -> HttpStatus.UNPROCESSABLE_CONTENT;
            case "parser-busy" -> HttpStatus.SERVICE_UNAVAILABLE;
            default -> HttpStatus.BAD_REQUEST;
        };
        ProblemDetail p = problem(status, e.type(), e.getMessage());
        p.setTitle(switch (status) {
            case UNPROCESSABLE_CONTENT -> "The file was rejected";
            case CONTENT_TOO_LARGE -> "File too large";
            case UNSUPPORTED_MEDIA_TYPE -> "Unsupported file type";
            case SERVICE_UNAVAILABLE -> "Try again later";
            default -> "Bad request";
        });
        return p;
    }

    @ExceptionHandler(PurposeMissing.class)
    ProblemDetail purposeMissing(PurposeMissing e) {
        return problem(HttpStatus.BAD_REQUEST, "purpose-required", e.getMessage());
    }

    @ExceptionHandler(de.verbund.search.query.InvalidQuery.class)
    ProblemDetail invalidQuery(de.verbund.search.query.InvalidQuery e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-query", e.getMessage());
    }

    @ExceptionHandler(de.verbund.exchange.ExchangeRejected.class)
    ProblemDetail exchangeRejected(de.verbund.exchange.ExchangeRejected e) {
        ProblemDetail p = problem(HttpStatus.valueOf(e.status()), e.type(), e.getMessage());
        if (!e.errors().isEmpty()) {
            p.setProperty("errors", e.errors());
        }
        return p;
    }

    @ExceptionHandler(ReportNotFound.class)
    ProblemDetail notFound(ReportNotFound e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage());
    }

    @Override
    protected org.springframework.http.ResponseEntity<Object> handleMaxUploadSizeExceededException(
            MaxUploadSizeExceededException e, org.springframework.http.HttpHeaders headers,
            org.springframework.http.HttpStatusCode status, org.springframework.web.context.request.WebRequest request) {
        return org.springframework.http.ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                .body(problem(HttpStatus.CONTENT_TOO_LARGE, "file-too-large", "The file exceeds the hub's size limit."));
    }

    @Override
    protected org.springframework.http.ResponseEntity<Object> handleHttpMessageNotReadable(
            org.springframework.http.converter.HttpMessageNotReadableException e,
            org.springframework.http.HttpHeaders headers, org.springframework.http.HttpStatusCode status,
            org.springframework.web.context.request.WebRequest request) {
        return org.springframework.http.ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST,
                "malformed-request", "The request body is not valid JSON, or it has fields this API does not know."));
    }

    @ExceptionHandler(de.verbund.ingest.crypto.VaultUnavailable.class)
    ProblemDetail vaultUnavailable(de.verbund.ingest.crypto.VaultUnavailable e) {
        log.error("vault unavailable: {}", e.getCause() == null ? e.toString() : e.getCause().toString());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "vault-unavailable", "The vault is unavailable; nothing was stored.");
    }

    @ExceptionHandler(AuditWriteFailed.class)
    ProblemDetail auditFailed(AuditWriteFailed e) {
        log.error("audit write failed; request refused: {}", e.getCause().toString());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "audit-unavailable",
                "The audit trail cannot be written; the request was refused.");
    }

    @ExceptionHandler(org.springframework.dao.DataAccessException.class)
    ProblemDetail databaseUnavailable(org.springframework.dao.DataAccessException e) {
        log.error("database unavailable: {}", e.getClass().getSimpleName());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                "The system of record is unavailable; nothing was answered or stored.");
    }

    @ExceptionHandler(java.io.IOException.class)
    ProblemDetail backendUnavailable(java.io.IOException e) {
        log.error("backend unavailable: {}", e.toString());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "backend-unavailable", "A backend service is unavailable.");
    }

    static ProblemDetail problem(HttpStatus status, String type, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create("urn:verbund:problem:" + type));
        return p;
    }
}
